package io.roam.spoke.api;

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
 * {@code Authorization: Bearer <roam.spoke.admin-token>} authenticates the administrator; any other
 * request goes on anonymous and the authorization rules decide. Only the security chain creates it:
 * as a bean, Boot would also register it as a filter of its own.
 */
final class AdminTokenAuthenticationFilter extends OncePerRequestFilter {

    static final String ADMIN_AUTHORITY = "ROAM_ADMIN";

    private static final Authentication ADMINISTRATOR = new PreAuthenticatedAuthenticationToken("admin", null,
            AuthorityUtils.createAuthorityList(ADMIN_AUTHORITY));

    private final byte[] expected;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    AdminTokenAuthenticationFilter(String adminToken) {
        this.expected = ("Bearer " + adminToken).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        // constant time in the expected token: how long a refusal takes tells nothing about how much was right
        if (header != null && MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8))) {
            SecurityContext context = contexts.createEmptyContext();
            context.setAuthentication(ADMINISTRATOR);
            contexts.setContext(context);
        }
        chain.doFilter(request, response);
    }
}
