package io.roam.spoke.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.roam.spoke.SpokeProperties;
import io.roam.spoke.api.BodyTooLarge;
import io.roam.spoke.api.EmError;
import io.roam.spoke.api.ErrorBody;
import io.roam.spoke.bulk.BulkImportController;
import io.roam.spoke.bulk.ImportSettings;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Refuses a request body over {@code roam.spoke.max-request-body} with 413: at once when its
 * Content-Length says so, else (chunked) when reading passes the limit. Runs before the security
 * chain, so no oversized body is read by anything. The bulk import's POST, its path spelt exactly,
 * has a limit of its own, {@code roam.spoke.import.max-bytes}: it streams its file.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
public class RequestBodyLimit extends OncePerRequestFilter {

    private final long limit;
    private final long importLimit;
    private final ObjectWriter writer;

    public RequestBodyLimit(SpokeProperties properties, ImportSettings imports, ObjectMapper mapper) {
        this.limit = properties.maxRequestBody().toBytes();
        this.importLimit = imports.maxBytes().toBytes();
        this.writer = mapper.writerFor(ErrorBody.class);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = "POST".equals(request.getMethod()) && BulkImportController.PATH.equals(request.getRequestURI())
                ? importLimit : this.limit;
        if (request.getContentLengthLong() > limit) {
            response.setStatus(EmError.BODY_TOO_LARGE.status().value());
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            writer.writeValue(response.getOutputStream(), ErrorBody.of(EmError.BODY_TOO_LARGE,
                    new BodyTooLarge(limit).getMessage()));
            return;
        }
        chain.doFilter(request.getContentLengthLong() < 0 ? new Counted(request, limit) : request, response);
    }

    /** A body of unknown length, its bytes counted as they are read. */
    private static final class Counted extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream counting;

        Counted(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (counting == null) {
                counting = new CountingStream(super.getInputStream(), limit);
            }
            return counting;
        }
    }

    private static final class CountingStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private long read;

        CountingStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLarge {
            read += n;
            if (read > limit) {
                throw new BodyTooLarge(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
