package io.roam.hub.relay;

import java.util.Locale;

/**
 * How a hub makes sure each record it reads reaches its destinations. At least once is the
 * default: it measured faster, and writes fewer records, for the same guarantee at the receivers.
 *
 * <ul>
 *   <li>{@link #TRANSACTIONS}: each batch's copies and its input offsets commit together, so each
 *       record is written exactly once; readers wait for the commit markers.</li>
 *   <li>{@link #AT_LEAST_ONCE}: an idempotent producer sends the batch, and the input offsets are
 *       committed only once every send is acknowledged. A crash or a zombie instance can write a
 *       batch twice; receivers drop events by (origin, sequence) and dead letters by their source
 *       record, so nothing is applied twice, and no reader waits for a marker.</li>
 * </ul>
 */
public enum Delivery {
    TRANSACTIONS, AT_LEAST_ONCE;

    /** {@code transactions} or {@code at-least-once}, as the property is written. */
    public static Delivery parse(String text) {
        String name = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("roam.hub.delivery is transactions or at-least-once, not " + text, e);
        }
    }
}
