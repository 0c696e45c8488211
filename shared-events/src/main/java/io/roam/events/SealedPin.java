package io.roam.events;

/**
 * A superuser's PIN hash as it travels: AES-256-GCM under the network key {@code keyId}, a random
 * 12-byte {@code iv}, the 16-byte tag appended to the {@code ciphertext}, the user id as associated
 * data (a sealed hash opens only in its own user's record). Both byte fields are base64.
 */
public record SealedPin(String keyId, String iv, String ciphertext) {
}
