package io.roam.spoke.credentials;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.roam.events.NetworkKeys;
import io.roam.events.UnopenablePin;
import io.roam.events.UserProvisioned;
import io.roam.events.UserRemoved;
import io.roam.spoke.eventstore.Projection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The PIN hashes this cluster can check: its own users' and every superuser's. Each is kept as
 * one byte array, the hash's version (hlc) then its bytes: a String and a wrapper per hash would
 * cost more than the hash itself (the scale figure of docs/bench measures the heap); a bcrypt
 * hash's bytes are its binary form, a third smaller than its text. A superuser's hash sealed with a network key this cluster lacks
 * (or altered on the way) is kept as a version without bytes: unavailable here, so that an older
 * hash does not stand in for it.
 */
@Component
public class Credentials implements Projection {

    private static final Logger log = LoggerFactory.getLogger(Credentials.class);
    private static final int HLC_BYTES = Long.BYTES;

    private final Map<String, byte[]> hashes = new ConcurrentHashMap<>();
    /** Users whose latest hash could not be opened, with the key id it names. */
    private final Map<String, String> unopened = new ConcurrentHashMap<>();
    private final Set<String> reportedKeyIds = ConcurrentHashMap.newKeySet();
    private final NetworkKeys keys;
    /** One series per reason, exported from the start as the alert rules expect; the key id goes to the log. */
    private final Map<UnopenablePin.Reason, Counter> unopenedCount = new EnumMap<>(UnopenablePin.Reason.class);

    public Credentials(NetworkKeys keys, MeterRegistry meters) {
        this.keys = keys;
        for (UnopenablePin.Reason reason : UnopenablePin.Reason.values()) {
            unopenedCount.put(reason, Counter.builder("roam.credentials.unopened").tag("reason", reason.name())
                    .description("superusers' PIN hashes this cluster could not open; logins for them fail here")
                    .register(meters));
        }
    }

    @Override
    public void apply(Object event) {
        if (event instanceof CredentialsRecorded e) {
            hashes.compute(e.userId(), (user, old) -> {
                unopened.remove(user);
                return versioned(e.pinHash(), Long.MAX_VALUE);
            });
        } else if (event instanceof UserProvisioned e && e.sealedPin() != null) {
            try {
                record(e.userId(), versioned(keys.open(e.userId(), e.sealedPin()), e.hlc()), null);
            } catch (UnopenablePin unopenable) {
                report(e, unopenable);
                record(e.userId(), versioned("", e.hlc()), String.valueOf(unopenable.keyId()));
            }
        } else if (event instanceof UserProvisioned e && e.pinHash() != null) {
            record(e.userId(), versioned(e.pinHash(), e.hlc()), null);
        } else if (event instanceof UserRemoved e) {
            hashes.compute(e.userId(), (user, old) -> {
                unopened.remove(user);
                return null;
            });
        }
    }

    public Optional<String> pinHash(String userId) {
        byte[] versioned = hashes.get(userId);
        if (versioned == null || versioned.length == HLC_BYTES) {
            return Optional.empty();
        }
        return Optional.of(expand(versioned));
    }

    /** The key id of the user's latest hash, when this cluster could not open it. */
    public Optional<String> unopenedKeyId(String userId) {
        return Optional.ofNullable(unopened.get(userId));
    }

    /** Last writer wins by hlc; the winner decides whether the user's hash is unavailable here. */
    private void record(String userId, byte[] candidate, String unopenedKeyId) {
        hashes.compute(userId, (user, old) -> {
            if (old != null && hlc(old) >= hlc(candidate)) {
                return old;
            }
            if (unopenedKeyId == null) {
                unopened.remove(user);
            } else {
                unopened.put(user, unopenedKeyId);
            }
            return candidate;
        });
    }

    /** Once per key id in the log (a replay may meet thousands), every time in the counter. */
    private void report(UserProvisioned e, UnopenablePin unopenable) {
        String keyId = String.valueOf(unopenable.keyId());
        unopenedCount.get(unopenable.reason()).increment();
        if (unopenable.reason() == UnopenablePin.Reason.REFUSED) {
            log.warn("the PIN hash of {} from {} is refused ({}): the user cannot log in here until it is"
                    + " provisioned again", e.userId(), e.homeCluster(), unopenable.getMessage());
        } else if (reportedKeyIds.add(keyId)) {
            log.warn("PIN hashes sealed with network key {} arrive (first: {} from {}), but this cluster holds only {}:"
                    + " those superusers cannot log in here until roam.spoke.network-keys.{} is configured"
                    + " (further ones are counted in roam_credentials_unopened_total)",
                    keyId, e.userId(), e.homeCluster(), keys.keyIds(), keyId);
        }
    }

    /** A home cluster's own record (hlc {@code Long.MAX_VALUE}) always wins over a replicated copy. */
    private static byte[] versioned(String hash, long hlc) {
        byte[] bytes = compact(hash);
        byte[] versioned = Arrays.copyOf(ByteBuffer.allocate(HLC_BYTES).putLong(hlc).array(), HLC_BYTES + bytes.length);
        System.arraycopy(bytes, 0, versioned, HLC_BYTES, bytes.length);
        return versioned;
    }

    private static long hlc(byte[] versioned) {
        return ByteBuffer.wrap(versioned, 0, HLC_BYTES).getLong();
    }

    private static final String BCRYPT_MINORS = "aby";
    private static final String BCRYPT_DIGITS = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int SALT_CHARS = 22;
    private static final int SALT_BYTES = 16;
    private static final int HASH_CHARS = 31;
    private static final int HASH_BYTES = 23;
    private static final int BCRYPT_LENGTH = 7 + SALT_CHARS + HASH_CHARS;
    /**
     * First byte of the binary form: 10mmcccc, the minor version's index in {@link #BCRYPT_MINORS}
     * and the cost less 4. Text never starts so (a UTF-8 continuation byte), which tells the forms apart.
     */
    private static final int COMPACT_TAG = 0x80;

    /**
     * {@code $2a$10$} and the salt and checksum decoded to their 39 bytes, behind one tag byte;
     * any other text, or a bcrypt hash whose binary form would not give back the same text
     * (a cost over 19, unused bits set), as its UTF-8 bytes.
     */
    private static byte[] compact(String hash) {
        byte[] text = hash.getBytes(StandardCharsets.UTF_8);
        if (hash.length() != BCRYPT_LENGTH || !hash.startsWith("$2") || hash.charAt(3) != '$' || hash.charAt(6) != '$') {
            return text;
        }
        int minor = BCRYPT_MINORS.indexOf(hash.charAt(2));
        int tens = hash.charAt(4) - '0';
        int ones = hash.charAt(5) - '0';
        if (minor < 0 || tens < 0 || tens > 1 || ones < 0 || ones > 9 || tens * 10 + ones < 4 || tens * 10 + ones > 19) {
            return text;
        }
        byte[] compact = new byte[1 + SALT_BYTES + HASH_BYTES];
        compact[0] = (byte) (COMPACT_TAG | minor << 4 | (tens * 10 + ones - 4));
        if (!decode(hash, 7, SALT_CHARS, compact, 1) || !decode(hash, 7 + SALT_CHARS, HASH_CHARS, compact, 1 + SALT_BYTES)) {
            return text;
        }
        byte[] versioned = new byte[HLC_BYTES + compact.length];
        System.arraycopy(compact, 0, versioned, HLC_BYTES, compact.length);
        return expand(versioned).equals(hash) ? compact : text;
    }

    /** The hash's text from a versioned array in either form. */
    private static String expand(byte[] versioned) {
        int tag = versioned[HLC_BYTES] & 0xff;
        if ((tag & 0xc0) != COMPACT_TAG) {
            return new String(versioned, HLC_BYTES, versioned.length - HLC_BYTES, StandardCharsets.UTF_8);
        }
        int cost = (tag & 0x0f) + 4;
        StringBuilder text = new StringBuilder(BCRYPT_LENGTH).append("$2").append(BCRYPT_MINORS.charAt(tag >> 4 & 0x03))
                .append('$').append(cost / 10).append(cost % 10).append('$');
        encode(versioned, HLC_BYTES + 1, SALT_BYTES, SALT_CHARS, text);
        encode(versioned, HLC_BYTES + 1 + SALT_BYTES, HASH_BYTES, HASH_CHARS, text);
        return text.toString();
    }

    /** Six bits a character, first bit first; false on a character outside the alphabet. */
    private static boolean decode(String text, int from, int chars, byte[] into, int at) {
        int bits = 0;
        int pending = 0;
        for (int i = from; i < from + chars; i++) {
            int digit = BCRYPT_DIGITS.indexOf(text.charAt(i));
            if (digit < 0) {
                return false;
            }
            pending = pending << 6 | digit;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                into[at++] = (byte) (pending >> bits);
                pending &= (1 << bits) - 1;
            }
        }
        return true;
    }

    private static void encode(byte[] from, int at, int length, int chars, StringBuilder text) {
        int bits = 0;
        int pending = 0;
        int written = 0;
        for (int i = at; i < at + length; i++) {
            pending = pending << 8 | from[i] & 0xff;
            bits += 8;
            while (bits >= 6) {
                bits -= 6;
                text.append(BCRYPT_DIGITS.charAt(pending >> bits & 0x3f));
                written++;
            }
            pending &= (1 << bits) - 1;
        }
        if (written < chars) {
            text.append(BCRYPT_DIGITS.charAt(pending << (6 - bits) & 0x3f));
        }
    }
}
