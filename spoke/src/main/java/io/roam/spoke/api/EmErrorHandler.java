package io.roam.spoke.api;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.sql.SQLException;
import java.time.Duration;

/** Every failure becomes its EM code; a bad request never surfaces as a 500. */
@RestControllerAdvice
public class EmErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(EmErrorHandler.class);

    @ExceptionHandler(EmException.class)
    ResponseEntity<ErrorBody> refused(EmException e) {
        return respond(e.error(), e.getMessage(), e.retryAfter());
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, HttpMediaTypeNotSupportedException.class})
    ResponseEntity<ErrorBody> unreadable(Exception e) {
        if (NestedExceptionUtils.getMostSpecificCause(e) instanceof BodyTooLarge tooLarge) {
            return respond(EmError.BODY_TOO_LARGE, tooLarge.getMessage());
        }
        return respond(EmError.PARSING, "request body is not valid JSON of the expected shape");
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ErrorBody> missingAggregate(AggregateNotFoundException e) {
        return respond(EmError.DEVICE_DOES_NOT_EXIST, e.getMessage());
    }

    @ExceptionHandler({DataAccessException.class, TransactionException.class, SQLException.class})
    ResponseEntity<ErrorBody> storeFailed(Exception e) {
        log.warn("local store failed", e);
        return respond(EmError.DATABASE, "the local store failed: " + e.getClass().getSimpleName());
    }

    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<ErrorBody> commandFailed(CommandExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof EmException em) {
            return refused(em);
        }
        if (cause instanceof AggregateNotFoundException missing) {
            return missingAggregate(missing);
        }
        return storeFailed(e);
    }

    static ResponseEntity<ErrorBody> respond(EmError error, String message) {
        return respond(error, message, null);
    }

    private static ResponseEntity<ErrorBody> respond(EmError error, String message, Duration retryAfter) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(error.status());
        if (error == EmError.BUSY || error == EmError.THROTTLED) {
            long seconds = retryAfter == null ? 1 : Math.max(1, (retryAfter.toMillis() + 999) / 1000);
            builder.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        }
        // JSON whatever the request accepts: a refused event stream still says why
        return builder.contentType(MediaType.APPLICATION_JSON).body(ErrorBody.of(error, message));
    }
}
