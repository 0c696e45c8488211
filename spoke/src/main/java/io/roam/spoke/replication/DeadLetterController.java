package io.roam.spoke.replication;

import io.roam.spoke.api.EmError;
import io.roam.spoke.api.EmException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What the applier refused (dead letters) or could not understand yet (parked), and the way back in. */
@RestController
@RequestMapping("/api/v1/admin/dead-letters")
public class DeadLetterController {

    private static final int PREVIEW = 512;

    private final JdbcTemplate jdbc;
    private final InboundApplier applier;

    public DeadLetterController(JdbcTemplate jdbc, InboundApplier applier) {
        this.jdbc = jdbc;
        this.applier = applier;
    }

    public record DeadLetter(long id, String topic, int partition, long offset, String reason, String detectedAt,
                             int size, String preview) {
    }

    public record ParkedEvent(long id, String origin, long seq, String reason, String parkedAt) {
    }

    public record Listing(List<DeadLetter> deadLetters, List<ParkedEvent> parked) {
    }

    public record ReplayResult(int resolved, long remainingDeadLetters, long remainingParked) {
    }

    @GetMapping
    Listing list() {
        List<DeadLetter> letters = jdbc.query(
                "SELECT id, topic, part, record_offset, reason, detected_at, payload FROM dead_letter ORDER BY id",
                (rs, i) -> {
                    byte[] payload = rs.getBytes(7);
                    int size = payload == null ? 0 : payload.length;
                    String preview = payload == null ? "" : new String(payload, 0, Math.min(size, PREVIEW), StandardCharsets.UTF_8);
                    return new DeadLetter(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getString(5),
                            Instant.ofEpochMilli(rs.getLong(6)).toString(), size, preview);
                });
        List<ParkedEvent> parked = jdbc.query("SELECT id, origin, seq, reason, parked_at FROM parked ORDER BY origin, seq",
                (rs, i) -> new ParkedEvent(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        Instant.ofEpochMilli(rs.getLong(5)).toString()));
        return new Listing(letters, parked);
    }

    @PostMapping("/replay")
    ReplayResult replay() {
        try {
            int resolved = applier.replay().get(30, TimeUnit.SECONDS);
            return new ReplayResult(resolved, applier.deadLettered(), applier.parked());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmException(EmError.BUSY, "interrupted");
        } catch (TimeoutException e) {
            throw new EmException(EmError.BUSY, "the applier did not get to the replay in time");
        } catch (ExecutionException e) {
            throw new EmException(EmError.DATABASE, "replay failed: " + e.getCause());
        }
    }
}
