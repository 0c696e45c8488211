package io.roam.spoke.login;

/**
 * The phone's EM login: loginType UID (default), DN (primary extension) or SP (self-service id);
 * mode ROAMING or EMCC, or none to let the cluster choose.
 */
public record LoginRequest(String device, String loginType, String userId, String dn, String selfServiceId,
                           String pin, String mode) {
}
