package io.roam.events;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The AES keys every cluster of the network is given, by key id: seals a PIN hash with the
 * current one and opens a sealed hash with the one it names, so keys can be rotated while old
 * records stay readable. With no key at all it seals nothing (hashes travel readable).
 */
public final class NetworkKeys {

    public static final int KEY_BYTES = 32;
    /** Lower-case letters and digits: a key id is also a property name and an environment variable suffix. */
    public static final Pattern KEY_ID = Pattern.compile("[a-z0-9]{1,32}");

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, SecretKeySpec> keys;
    private final String sealingKeyId;

    /**
     * @param keys         raw 32-byte keys by id
     * @param sealingKeyId the id new records are sealed with; null only when {@code keys} is empty
     */
    public NetworkKeys(Map<String, byte[]> keys, String sealingKeyId) {
        Map<String, SecretKeySpec> specs = new TreeMap<>();
        keys.forEach((id, key) -> {
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("network key id " + id + " is not " + KEY_ID.pattern());
            }
            if (key.length != KEY_BYTES) {
                throw new IllegalArgumentException("network key " + id + " has " + key.length + " bytes, not " + KEY_BYTES);
            }
            specs.put(id, new SecretKeySpec(key, "AES"));
        });
        if (specs.isEmpty() ? sealingKeyId != null : sealingKeyId == null || !specs.containsKey(sealingKeyId)) {
            throw new IllegalArgumentException("the sealing key id " + sealingKeyId + " is not among the network keys "
                    + specs.keySet());
        }
        this.keys = Map.copyOf(specs);
        this.sealingKeyId = sealingKeyId;
    }

    public static NetworkKeys none() {
        return new NetworkKeys(Map.of(), null);
    }

    /** A fresh random key, base64, for a topology that makes its own. */
    public static String randomKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    public boolean seals() {
        return sealingKeyId != null;
    }

    public Set<String> keyIds() {
        return keys.keySet();
    }

    public String sealingKeyId() {
        return sealingKeyId;
    }

    /** Only when {@link #seals()}. */
    public SealedPin seal(String userId, String pinHash) {
        Objects.requireNonNull(sealingKeyId, "no network key to seal with");
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keys.get(sealingKeyId), iv, userId);
            byte[] sealed = cipher.doFinal(pinHash.getBytes(StandardCharsets.UTF_8));
            Base64.Encoder base64 = Base64.getEncoder();
            return new SealedPin(sealingKeyId, base64.encodeToString(iv), base64.encodeToString(sealed));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    public String open(String userId, SealedPin sealed) throws UnopenablePin {
        String keyId = sealed.keyId();
        SecretKeySpec key = keyId == null ? null : keys.get(keyId);
        if (key == null) {
            throw new UnopenablePin(UnopenablePin.Reason.UNKNOWN_KEY, keyId,
                    "sealed with network key " + keyId + ", not configured here", null);
        }
        if (userId == null || sealed.iv() == null || sealed.ciphertext() == null) {
            throw refused(userId, keyId, "user id, iv or ciphertext missing", null);
        }
        try {
            byte[] iv = Base64.getDecoder().decode(sealed.iv());
            if (iv.length != IV_BYTES) {
                throw refused(userId, keyId, "an iv of " + iv.length + " bytes", null);
            }
            byte[] ciphertext = Base64.getDecoder().decode(sealed.ciphertext());
            if (ciphertext.length < TAG_BITS / 8) {
                throw refused(userId, keyId, "a ciphertext shorter than its tag", null);
            }
            return new String(cipher(Cipher.DECRYPT_MODE, key, iv, userId).doFinal(ciphertext), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException | ProviderException e) {
            throw refused(userId, keyId, e.getMessage(), e);
        }
    }

    private static UnopenablePin refused(String userId, String keyId, String why, Throwable cause) {
        return new UnopenablePin(UnopenablePin.Reason.REFUSED, keyId, "sealed PIN of " + userId + " refused: " + why, cause);
    }

    private static Cipher cipher(int mode, SecretKeySpec key, byte[] iv, String userId) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(userId.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
