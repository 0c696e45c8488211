package io.roam.spoke.directory;

import io.roam.spoke.api.EmError;
import io.roam.spoke.api.EmException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What call routing asks: where is this DN now, and where do I send the call. */
@RestController
@RequestMapping("/api/v1")
public class DirectoryController {

    private static final int MAX_BATCH = 1000;

    private final RoamingDirectory directory;
    private final Freshness freshness;

    public DirectoryController(RoamingDirectory directory, Freshness freshness) {
        this.directory = directory;
        this.freshness = freshness;
    }

    public record PendingLogoutView(String userId, String cluster, String loginId, String device,
                                    String supersededBy, String since, long ageMs) {
    }

    private static PendingLogoutView pendingView(PendingLogout p, long now) {
        return new PendingLogoutView(p.userId(), p.cluster(), p.loginId(), p.device(), p.supersededBy(),
                Instant.ofEpochMilli(p.sinceMillis()).toString(), Math.max(0, now - p.sinceMillis()));
    }

    /**
     * {@code cluster} and {@code physicalCluster}: where the phone stands; {@code registrationCluster}:
     * where it registers and calls go (the home, for an EMCC login); all three null while nobody is
     * logged in, as is {@code mode}.
     */
    public record DnAnswer(String dn, String userId, String homeCluster, String state, String cluster,
                           List<String> devices, String since, Long freshnessMs,
                           List<PendingLogoutView> pendingLogouts, String mode, String registrationCluster,
                           String physicalCluster, String devicePool, String emergencyRoute) {
    }

    public record LookupRequest(List<String> dns) {
    }

    public record LookupResponse(List<DnAnswer> results) {
    }

    @GetMapping("/directory/dn/{dn}")
    public DnAnswer dn(@PathVariable String dn) {
        return directory.lookup(dn).map(this::answer).orElseThrow(() -> unknown(dn));
    }

    @PostMapping("/directory/lookup")
    public LookupResponse lookup(@RequestBody LookupRequest request) {
        if (request.dns() == null || request.dns().size() > MAX_BATCH || request.dns().contains(null)) {
            throw new EmException(EmError.PARSING, "dns must be a list of at most " + MAX_BATCH + " DNs, none null");
        }
        List<DnAnswer> results = new ArrayList<>(request.dns().size());
        for (String dn : request.dns()) {
            results.add(directory.lookup(dn).map(this::answer)
                    .orElseGet(() -> new DnAnswer(dn, null, null, "UNKNOWN", null, null, null, null, null, null, null,
                            null, null, null)));
        }
        return new LookupResponse(results);
    }

    /** {@code to}: where the phone now is; an EMCC login's calls go to its {@code registrationCluster}. */
    public record MoveView(String userId, String from, String to, String at, long lagMs, String mode,
                           String registrationCluster) {
    }

    /** Every deferred logout the network still waits for, oldest first. */
    @GetMapping("/directory/pending-logouts")
    public List<PendingLogoutView> pendingLogouts() {
        long now = System.currentTimeMillis();
        return directory.pendingLogouts().stream()
                .sorted(java.util.Comparator.comparingLong(PendingLogout::sinceMillis))
                .map(p -> pendingView(p, now)).toList();
    }

    /** The latest users whose calls started going to another cluster, newest first. */
    @GetMapping("/directory/moves")
    public List<MoveView> moves() {
        return directory.recentMoves().stream()
                .map(m -> new MoveView(m.userId(), m.from(), m.to(), Instant.ofEpochMilli(m.atMillis()).toString(),
                        m.lagMillis(), m.mode().name(), m.registrationCluster()))
                .toList();
    }

    private DnAnswer answer(DnEntry entry) {
        long now = System.currentTimeMillis();
        List<PendingLogoutView> pending = entry.pendingLogouts().stream().map(p -> pendingView(p, now)).toList();
        return new DnAnswer(entry.dn(), entry.userId(), entry.homeCluster(), entry.state().name(), entry.cluster(),
                entry.devices(), Instant.ofEpochMilli(entry.sinceMillis()).toString(),
                freshness.freshnessMillis(entry.target()), pending, entry.mode() == null ? null : entry.mode().name(),
                entry.cluster() == null ? null : entry.target(), entry.cluster(), entry.devicePool(),
                EmergencyRoute.of(entry, directory).orElse(null));
    }

    private static EmException unknown(String dn) {
        return new EmException(EmError.USER_DOES_NOT_EXIST, "unknown DN " + dn);
    }
}
