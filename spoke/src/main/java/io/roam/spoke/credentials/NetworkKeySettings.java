package io.roam.spoke.credentials;

import io.roam.events.NetworkKeys;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The network keys of {@code roam.spoke.network-keys} (key id → base64 of 32 bytes) and the one
 * new definitions are sealed with, {@code roam.spoke.network-key-id}. Every cluster is given the
 * same keys; none at all means hashes travel readable, as before keys existed.
 */
@ConfigurationProperties("roam.spoke")
public record NetworkKeySettings(Map<String, String> networkKeys, String networkKeyId) {

    public NetworkKeys keys() {
        Map<String, byte[]> raw = new TreeMap<>();
        if (networkKeys != null) {
            networkKeys.forEach((id, base64) -> raw.put(id, decode(id, base64)));
        }
        String sealingId = networkKeyId == null || networkKeyId.isBlank() ? null : networkKeyId;
        if (!raw.isEmpty() && sealingId == null) {
            throw new IllegalArgumentException("roam.spoke.network-key-id is required with roam.spoke.network-keys "
                    + raw.keySet());
        }
        return new NetworkKeys(raw, sealingId);
    }

    private static byte[] decode(String id, String base64) {
        try {
            return Base64.getDecoder().decode(base64 == null ? "" : base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("roam.spoke.network-keys." + id + " is not base64", e);
        }
    }
}
