package io.roam.spoke.bulk;

import io.roam.spoke.api.EmError;
import io.roam.spoke.api.EmException;
import io.roam.spoke.api.BodyTooLarge;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;

/**
 * Bulk provisioning, as Cisco's BAT does it: a CSV file of users or of devices, told apart by its
 * header, streamed in, every row checked before any is applied, and a file with a bad row refused
 * whole. One import runs at a time: each checks its rows against a store no other import changes.
 */
@RestController
public class BulkImportController {

    /** Its body may be as large as {@code roam.spoke.import.max-bytes}; see {@code RequestBodyLimit}. */
    public static final String PATH = "/api/v1/admin/import";

    private static final Logger log = LoggerFactory.getLogger(BulkImportController.class);

    private final UserImport users;
    private final DeviceImport devices;
    private final Semaphore oneAtATime = new Semaphore(1);

    BulkImportController(UserImport users, DeviceImport devices) {
        this.users = users;
        this.devices = devices;
    }

    /** The error body with the bad rows: every one counted, the first of them named with their lines. */
    public record Refusal(int code, String error, String message, int rows, int refused, List<BadRow> badRows) {
    }

    @PostMapping(PATH)
    ImportResult importFile(HttpServletRequest request) throws IOException, InterruptedException {
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        if (!type.startsWith("text/csv") && !type.startsWith("text/plain")) {
            throw new EmException(EmError.PARSING, "send the file as text/csv, not " + request.getContentType());
        }
        if (!oneAtATime.tryAcquire()) {
            throw new EmException(EmError.BUSY, "another import is running");
        }
        try {
            CsvReader csv = new CsvReader(request.getInputStream());
            CsvReader.Line header = csv.next();
            if (names(header, UserRows.COLUMNS)) {
                return applied(users.run(csv));
            }
            if (names(header, DeviceRows.COLUMNS)) {
                return applied(devices.run(csv));
            }
            if (header != null && header.problem() != null) {
                throw ImportRejected.at(header.number(), header.problem());
            }
            throw ImportRejected.at(header == null ? 1 : header.number(), "the first line names the columns, "
                    + String.join(",", UserRows.COLUMNS) + " for users or " + String.join(",", DeviceRows.COLUMNS)
                    + " for devices");
        } catch (BodyTooLarge e) {
            throw new EmException(EmError.BODY_TOO_LARGE, e.getMessage());
        } finally {
            oneAtATime.release();
        }
    }

    private static ImportResult applied(ImportResult result) {
        log.info("imported {} {} rows: {} created, {} changed, {} unchanged (reading {} ms, PINs {} ms, applying {} ms)",
                result.rows(), result.kind(), result.created(), result.changed(), result.unchanged(), result.readMs(),
                result.pinsMs(), result.applyMs());
        return result;
    }

    @ExceptionHandler(ImportRejected.class)
    ResponseEntity<Refusal> rejected(ImportRejected e) {
        log.info("refused an import: {}", e.getMessage());
        return ResponseEntity.status(EmError.PARSING.status()).contentType(MediaType.APPLICATION_JSON)
                .body(new Refusal(EmError.PARSING.code(), EmError.PARSING.quickDescription(), e.getMessage(), e.rows(),
                        e.refused(), e.listed()));
    }

    /** Column names are matched in order, in any case. */
    private static boolean names(CsvReader.Line header, List<String> columns) {
        if (header == null || header.problem() != null || header.fields().size() != columns.size()) {
            return false;
        }
        for (int i = 0; i < columns.size(); i++) {
            if (!columns.get(i).equalsIgnoreCase(header.fields().get(i))) {
                return false;
            }
        }
        return true;
    }
}
