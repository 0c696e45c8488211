package io.roam.spoke;

/** The EM service parameter of the same name: several devices of one cluster for one user. */
public enum MultipleLoginBehavior {
    /** The default: a user may be logged in on several devices of the cluster. */
    ALLOWED,
    /** A second login in the cluster is refused with error 25. */
    NOT_ALLOWED,
    /** A second login logs the user out of the older devices (reason AUTO). */
    AUTO_LOGOUT
}
