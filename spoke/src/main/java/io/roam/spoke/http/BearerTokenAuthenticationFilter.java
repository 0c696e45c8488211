package io.roam.spoke.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code Authorization: Bearer <token>} authenticates the administrator (who may also do what a
 * router does) or, when a router token is set, a call router; any other request goes on anonymous
 * and the authorization rules decide. Only the security chain creates it: as a bean, Boot would
 * also register it as a filter of its own.
 */
final class BearerTokenAuthenticationFilter extends OncePerRequestFilter {

    static final String ADMIN_AUTHORITY = "ROAM_ADMIN";
    static final String ROUTER_AUTHORITY = "ROAM_ROUTER";

    private static final Authentication ADMINISTRATOR = new PreAuthenticatedAuthenticationToken("admin", null,
            AuthorityUtils.createAuthorityList(ADMIN_AUTHORITY, ROUTER_AUTHORITY));
    private static final Authentication ROUTER = new PreAuthenticatedAuthenticationToken("router", null,
            AuthorityUtils.createAuthorityList(ROUTER_AUTHORITY));

    private final byte[] admin;
    private final byte[] router;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    /** @param routerToken blank when the router role is off */
    BearerTokenAuthenticationFilter(String adminToken, String routerToken) {
        this.admin = bearer(adminToken);
        this.router = routerToken.isBlank() ? null : bearer(routerToken);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication caller = authenticate(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (caller != null) {
            SecurityContext context = contexts.createEmptyContext();
            context.setAuthentication(caller);
            contexts.setContext(context);
        }
        chain.doFilter(request, response);
    }

    /** The change feed's async dispatches are authorized again: authenticate them again too. */
    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    private Authentication authenticate(String header) {
        if (header == null) {
            return null;
        }
        byte[] given = header.getBytes(StandardCharsets.UTF_8);
        // both compared every time, each in constant time in the expected token: how long a refusal
        // takes tells nothing about how much was right, nor which token it was close to
        boolean isAdmin = MessageDigest.isEqual(admin, given);
        boolean isRouter = router != null && MessageDigest.isEqual(router, given);
        return isAdmin ? ADMINISTRATOR : isRouter ? ROUTER : null;
    }

    private static byte[] bearer(String token) {
        return ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }
}
