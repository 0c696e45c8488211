package io.roam.spoke.eventstore;

/**
 * An in-memory view built from the local event store: fed every committed event once, in
 * store order at start ({@link StoreReplay}) and in commit order afterwards ({@link ProjectionFeed}).
 */
public interface Projection {

    void apply(Object event);

    /** For a projection that must say which stored event a change came from; most need not. */
    default void apply(Object event, StoredEvent stored) {
        apply(event);
    }
}
