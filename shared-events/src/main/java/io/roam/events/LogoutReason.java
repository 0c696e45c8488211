package io.roam.events;

public enum LogoutReason {
    /** The user logged out at the phone. */
    USER,
    /** A login of the same user at another cluster ranks higher. */
    SUPERSEDED,
    /** An administrator ended it (device logout, user deletion, cluster retirement). */
    ADMIN,
    /** Enforce Intra-cluster Maximum Login Time. */
    EXPIRED,
    /** Multiple Login Behavior "auto logout": a newer login on another device of the cluster. */
    AUTO,
    /** The user's home refused the EMCC login after it was recorded ({@link EmccLoginRefused}). */
    REFUSED
}
