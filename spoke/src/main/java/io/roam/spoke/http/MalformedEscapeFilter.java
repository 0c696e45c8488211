package io.roam.spoke.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.roam.spoke.api.EmError;
import io.roam.spoke.api.ErrorBody;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.HexFormat;

/**
 * Refuses a request target with a broken percent-escape before anything parses it. Tomcat
 * checks the path but not its {@code ;} parameters, and Spring's path parsing, which runs before
 * the security firewall, throws on them: without this filter such a request answers 500.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class MalformedEscapeFilter extends OncePerRequestFilter {

    private final ObjectWriter writer;

    public MalformedEscapeFilter(ObjectMapper mapper) {
        this.writer = mapper.writerFor(ErrorBody.class);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (escapesAreWellFormed(request.getRequestURI())) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        writer.writeValue(response.getOutputStream(),
                ErrorBody.of(EmError.PARSING, "the request path has a malformed percent-escape"));
    }

    static boolean escapesAreWellFormed(String uri) {
        for (int at = uri.indexOf('%'); at >= 0; at = uri.indexOf('%', at + 1)) {
            if (at + 2 >= uri.length() || !HexFormat.isHexDigit(uri.charAt(at + 1)) || !HexFormat.isHexDigit(uri.charAt(at + 2))) {
                return false;
            }
        }
        return true;
    }
}
