package io.roam.events;

/** An administrator cleared the user's PIN lockout; earlier wrong PINs no longer count. */
public record UserUnlocked(String userId, String cluster, long hlc) implements RoamingEvent {
}
