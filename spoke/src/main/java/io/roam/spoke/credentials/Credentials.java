package io.roam.spoke.credentials;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.roam.events.NetworkKeys;
import io.roam.events.UnopenablePin;
import io.roam.events.UserProvisioned;
import io.roam.events.UserRemoved;
import io.roam.spoke.eventstore.Projection;
import io.roam.spoke.provisioning.CredentialsRecorded;
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
 * one byte array, the hash's version (hlc) then its bytes: at a million superusers a String and
 * a wrapper per hash would cost about 50 MB more. A superuser's hash sealed with a network key
 * this cluster lacks (or altered on the way) is kept as a version without bytes: unavailable
 * here, so that an older hash does not stand in for it.
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
        return Optional.of(new String(versioned, HLC_BYTES, versioned.length - HLC_BYTES, StandardCharsets.UTF_8));
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
        byte[] bytes = hash.getBytes(StandardCharsets.UTF_8);
        byte[] versioned = Arrays.copyOf(ByteBuffer.allocate(HLC_BYTES).putLong(hlc).array(), HLC_BYTES + bytes.length);
        System.arraycopy(bytes, 0, versioned, HLC_BYTES, bytes.length);
        return versioned;
    }

    private static long hlc(byte[] versioned) {
        return ByteBuffer.wrap(versioned, 0, HLC_BYTES).getLong();
    }
}
