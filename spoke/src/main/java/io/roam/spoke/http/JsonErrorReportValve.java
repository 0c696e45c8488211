package io.roam.spoke.http;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.roam.spoke.api.EmError;
import io.roam.spoke.api.ErrorBody;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import java.io.IOException;
import java.io.Writer;

/**
 * Tomcat's own client-error pages (an encoded {@code /} or {@code \}, {@code %00}, a malformed
 * request line), refused before any filter or servlet runs, in the JSON error body of every
 * other refusal. Server errors keep Tomcat's page, stripped of details as Spring Boot sets it up.
 */
final class JsonErrorReportValve extends ErrorReportValve {

    private final ObjectWriter writer;

    JsonErrorReportValve(ObjectWriter errorBodyWriter) {
        this.writer = errorBodyWriter;
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || status >= 500) {
            super.report(request, response, throwable);
            return;
        }
        if (response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String message = response.getMessage();
        ErrorBody body = ErrorBody.of(EmError.PARSING,
                message == null || message.isBlank() ? "the request could not be read" : message);
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            Writer out = response.getReporter();
            if (out != null) {
                writer.writeValue(out, body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away or the response was taken: nothing left to tell it
        }
    }
}
