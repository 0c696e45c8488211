package io.roam.spoke.credentials;

/**
 * The PIN hash of a user at its home cluster. Local to the cluster: the replicated copy of a
 * superuser's hash travels in {@code UserProvisioned}; a plain user's never leaves home.
 */
public record CredentialsRecorded(String userId, String pinHash) {
}
