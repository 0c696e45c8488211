package io.roam.spoke.directory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.roam.spoke.api.EmError;
import io.roam.spoke.api.ErrorBody;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * {@code GET /api/v1/route?dn=}: the one call every INVITE makes. A plain servlet beside Spring
 * MVC's dispatcher, because the dispatcher's handler lookup, argument resolution and content
 * negotiation cost several times the directory read itself.
 */
public class RouteServlet extends HttpServlet {

    public static final String PATH = "/api/v1/route";

    private final transient RoamingDirectory directory;
    private final transient Freshness freshness;
    private final transient ObjectWriter answerWriter;
    private final transient ObjectWriter errorWriter;

    public RouteServlet(RoamingDirectory directory, Freshness freshness, ObjectMapper mapper) {
        this.directory = directory;
        this.freshness = freshness;
        this.answerWriter = mapper.writerFor(RouteAnswer.class);
        this.errorWriter = mapper.writerFor(ErrorBody.class);
    }

    /**
     * Where to send a call for the DN, and how fresh that knowledge is. With {@code emergency=true}
     * the DN is the caller's: the target is its phone's physical cluster and the route string the
     * emergency route there, reason EMERGENCY.
     */
    public record RouteAnswer(String dn, String from, String target, String routeString, boolean local,
                              String reason, long freshnessMs, boolean targetStale, String physicalCluster,
                              String mode) {
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String dn = request.getParameter("dn");
        if (dn == null || dn.isBlank()) {
            refuse(response, EmError.PARSING, "the dn parameter is required");
            return;
        }
        DnEntry entry = directory.lookup(dn).orElse(null);
        if (entry == null) {
            refuse(response, EmError.USER_DOES_NOT_EXIST, "unknown DN " + dn);
            return;
        }
        String physical = EmergencyRoute.physicalCluster(entry);
        String mode = entry.mode() == null ? null : entry.mode().name();
        boolean emergency = "true".equals(request.getParameter("emergency"));
        String target = emergency ? physical : entry.target();
        String routeString = emergency ? EmergencyRoute.of(entry, directory).orElse(null)
                : directory.cluster(target).map(ClusterInfo::routeString).orElse(null);
        String reason = emergency ? "EMERGENCY" : entry.state() == DnState.LOGGED_IN ? "LOGGED_IN" : "HOME";
        RouteAnswer answer = new RouteAnswer(dn, directory.localCluster(), target, routeString,
                target.equals(directory.localCluster()), reason, freshness.freshnessMillis(target),
                freshness.isStale(target), physical, mode);
        response.setContentType("application/json");
        answerWriter.writeValue(response.getOutputStream(), answer);
    }

    private void refuse(HttpServletResponse response, EmError error, String message) throws IOException {
        response.setStatus(error.status().value());
        response.setContentType("application/json");
        errorWriter.writeValue(response.getOutputStream(), ErrorBody.of(error, message));
    }
}
