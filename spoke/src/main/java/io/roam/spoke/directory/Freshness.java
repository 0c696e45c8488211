package io.roam.spoke.directory;

/** How recently this spoke heard from a cluster, so every answer can say how fresh it is. */
public interface Freshness {

    /** Milliseconds since anything arrived from the cluster; 0 for this cluster itself. */
    long freshnessMillis(String cluster);

    /** Nothing has arrived from the cluster for longer than the stale threshold. */
    boolean isStale(String cluster);
}
