package io.roam.spoke.api;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.regex.Pattern;

/**
 * Who sent a request, the one definition behind every per-source limit: the peer's address, or,
 * with {@code roam.spoke.trust-forwarded-for}, the first {@code X-Forwarded-For} hop, for a spoke
 * behind a proxy that sets that header itself (a client could otherwise name any source).
 */
@Component
public class RequestSource {

    /** An IPv4 or IPv6 address as proxies write it; anything else is not taken for a source. */
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f.:\\[\\]]{2,47}");

    private final boolean trustForwardedFor;

    public RequestSource(@Value("${roam.spoke.trust-forwarded-for:false}") boolean trustForwardedFor) {
        this.trustForwardedFor = trustForwardedFor;
    }

    public String of(HttpServletRequest request) {
        if (trustForwardedFor) {
            String forwarded = request.getHeader("X-Forwarded-For");
            if (forwarded != null) {
                String first = forwarded.split(",", 2)[0].strip();
                if (ADDRESS.matcher(first).matches()) {
                    return first;
                }
            }
        }
        return request.getRemoteAddr();
    }

    /**
     * Whether the request passed a web proxy on its way from the client. Behind a proxy this spoke
     * trusts, that proxy's own hop is not counted: only a second {@code X-Forwarded-For} hop is.
     */
    public boolean throughProxy(HttpServletRequest request) {
        String forwarded = request.getHeader("X-Forwarded-For");
        if (trustForwardedFor) {
            return forwarded != null && forwarded.contains(",");
        }
        return forwarded != null || request.getHeader("Forwarded") != null || request.getHeader("Via") != null;
    }
}
