package io.roam.spoke.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.roam.spoke.api.EmError;
import io.roam.spoke.api.ErrorBody;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

import java.io.IOException;

/**
 * The security chain's refusals in the body of every failed call: the firewall's 400, the admin
 * and router calls' 401 and 403. Spring Security finds the {@link RequestRejectedHandler} bean by its type.
 */
@Component
public class JsonSecurityErrors implements RequestRejectedHandler, AuthenticationEntryPoint, AccessDeniedHandler {

    private final ObjectWriter writer;

    public JsonSecurityErrors(ObjectMapper mapper) {
        this.writer = mapper.writerFor(ErrorBody.class);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
            throws IOException {
        write(response, HttpStatus.BAD_REQUEST, EmError.PARSING, rejected.getMessage());
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException missing)
            throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        write(response, HttpStatus.UNAUTHORIZED, EmError.AUTHENTICATION, "this call needs a valid bearer token");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        write(response, HttpStatus.FORBIDDEN, EmError.AUTHENTICATION, "this caller may not make this call");
    }

    private void write(HttpServletResponse response, HttpStatus status, EmError error, String message)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        writer.writeValue(response.getOutputStream(), ErrorBody.of(error, message));
    }
}
