package io.roam.scenarios.bench;

/**
 * What one run of logins cost the broker, in offsets: data records and the transaction markers
 * and offset commits of the hubs' transactions. Heartbeats (one a second per cluster, relayed like
 * any event) share the window and the transactions with the logins; their records are set apart,
 * the transactions' overhead is not (a transaction carries whatever its poll returned).
 *
 * @param logins           logins sent in the run
 * @param windowSeconds    between the offsets read before the run and after its last login arrived everywhere
 * @param loaded           offsets written in that window
 * @param loginCopies      copies of the run's logins read back from the hubs' meshes and feeds
 * @param heartbeatRecords heartbeat records written in the window
 * @param hubs             the hubs
 */
record WriteAmplification(long logins, double windowSeconds, BrokerWrites loaded, long loginCopies,
                          long heartbeatRecords, int hubs) {

    /** Everything the broker wrote in the window, per login. */
    double allPerLogin() {
        return (double) loaded.total() / logins;
    }

    /** Login records on the broker per login: the origin's own on its outbound topic, and every copy read. */
    double loginRecordsPerLogin() {
        return (double) (logins + loginCopies) / logins;
    }

    /** Outbound, its hub's mesh, and every hub's feed: hubs + 2, however many clusters each hub has. */
    long expectedLoginRecords() {
        return hubs + 2L;
    }

    double heartbeatRecordsPerLogin() {
        return (double) heartbeatRecords / logins;
    }

    /** What is neither a login nor a heartbeat: markers, offset commits and the transaction log, per login. */
    double overheadPerLogin() {
        return (double) (loaded.total() - logins - loginCopies - heartbeatRecords) / logins;
    }
}
