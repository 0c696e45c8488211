package io.roam.spoke.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roam.spoke.SpokeProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Admin calls need {@code Authorization: Bearer <token>}. */
@Component
public class AdminTokenFilter extends OncePerRequestFilter {

    private final byte[] expected;
    private final ObjectMapper mapper;

    public AdminTokenFilter(SpokeProperties properties, ObjectMapper mapper) {
        this.expected = ("Bearer " + properties.adminToken()).getBytes(StandardCharsets.UTF_8);
        this.mapper = mapper;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/v1/admin/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        byte[] given = header == null ? new byte[0] : header.getBytes(StandardCharsets.UTF_8);
        if (MessageDigest.isEqual(expected, given)) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setHeader("WWW-Authenticate", "Bearer");
        mapper.writeValue(response.getOutputStream(),
                ErrorBody.of(EmError.AUTHENTICATION, "admin calls need a valid bearer token"));
    }
}
