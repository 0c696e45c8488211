package io.roam.routecache;

import java.io.IOException;
import java.util.Optional;

/** What the proxy's cache takes: entries of one table, a table cleared, the table to route from, a sign of life. */
interface RoutingTables {

    void set(Table table, String dn, Route route) throws IOException;

    void delete(Table table, String dn) throws IOException;

    void clear(Table table) throws IOException;

    /** The table calls are routed from; none: every call is looked up, as without a cache. */
    void use(Optional<Table> table) throws IOException;

    /** The feed is alive: the proxy trusts its table only while these keep coming. */
    void beat() throws IOException;

    /** Writes what was buffered. */
    void flush() throws IOException;
}
