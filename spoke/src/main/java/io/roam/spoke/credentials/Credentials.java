package io.roam.spoke.credentials;

import io.roam.events.UserProvisioned;
import io.roam.events.UserRemoved;
import io.roam.spoke.eventstore.Projection;
import io.roam.spoke.provisioning.CredentialsRecorded;
import org.springframework.stereotype.Component;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The PIN hashes this cluster can check: its own users' and every superuser's. Each is kept as
 * one byte array, the hash's version (hlc) then its bytes: at a million superusers a String and
 * a wrapper per hash would cost about 50 MB more.
 */
@Component
public class Credentials implements Projection {

    private static final int HLC_BYTES = Long.BYTES;

    private final Map<String, byte[]> hashes = new ConcurrentHashMap<>();

    @Override
    public void apply(Object event) {
        if (event instanceof CredentialsRecorded e) {
            hashes.put(e.userId(), versioned(e.pinHash(), Long.MAX_VALUE));
        } else if (event instanceof UserProvisioned e && e.pinHash() != null) {
            hashes.merge(e.userId(), versioned(e.pinHash(), e.hlc()), (old, neu) -> hlc(neu) > hlc(old) ? neu : old);
        } else if (event instanceof UserRemoved e) {
            hashes.remove(e.userId());
        }
    }

    public Optional<String> pinHash(String userId) {
        byte[] versioned = hashes.get(userId);
        if (versioned == null) {
            return Optional.empty();
        }
        return Optional.of(new String(versioned, HLC_BYTES, versioned.length - HLC_BYTES, StandardCharsets.UTF_8));
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
