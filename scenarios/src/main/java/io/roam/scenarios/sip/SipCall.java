package io.roam.scenarios.sip;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;

/**
 * One call as the caller (SIPp) saw it.
 *
 * @param sent          when the INVITE left
 * @param dn            the DN dialled
 * @param status        the final response: 200 when answered, else the proxy's refusal (404, 503, …)
 * @param answeringPort the UDP port in the answer's Contact: which cluster's phones took the call
 * @param setup         from the INVITE to its final response
 */
public record SipCall(Instant sent, String dn, int status, OptionalInt answeringPort, Duration setup) {

    /** Parses one line the caller scenario logs: {@code sentS;sentUs;dn;status;port;finalS;finalUs}. */
    static SipCall parse(String line) {
        String[] fields = line.split(";", -1);
        if (fields.length != 7) {
            throw new IllegalArgumentException("not a call line of caller.xml: " + line);
        }
        long sentMicros = micros(fields[0], fields[1]);
        long finalMicros = micros(fields[5], fields[6]);
        OptionalInt port = fields[4].isBlank() ? OptionalInt.empty() : OptionalInt.of((int) Double.parseDouble(fields[4]));
        return new SipCall(Instant.EPOCH.plusNanos(sentMicros * 1000), fields[2], (int) Double.parseDouble(fields[3]),
                port, Duration.ofNanos((finalMicros - sentMicros) * 1000));
    }

    /**
     * SIPp prints its variables as doubles: {@code 1795412315.000000} and {@code 986655.000000}, but
     * a microsecond part of 0 as nothing at all.
     */
    private static long micros(String seconds, String microseconds) {
        long fraction = microseconds.isBlank() ? 0 : (long) Double.parseDouble(microseconds);
        return (long) Double.parseDouble(seconds) * 1_000_000L + fraction;
    }

    public boolean answered() {
        return status == 200;
    }
}
