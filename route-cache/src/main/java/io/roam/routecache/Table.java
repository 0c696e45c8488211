package io.roam.routecache;

/** One of the proxy's two routing tables: one serves while the other is loaded. */
enum Table {
    A("a"), B("b");

    private final String wire;

    Table(String wire) {
        this.wire = wire;
    }

    Table other() {
        return this == A ? B : A;
    }

    /** The name the proxy's configuration knows the table by. */
    String wire() {
        return wire;
    }
}
