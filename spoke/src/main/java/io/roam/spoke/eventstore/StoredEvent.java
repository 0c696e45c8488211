package io.roam.spoke.eventstore;

/**
 * Which stored event a projection is applying. The replay at start knows its global index; a
 * live event does not (the index is assigned inside the committing transaction and Axon does
 * not hand it to subscribers), so it comes with {@link #INDEX_NOT_KNOWN} and whoever needs the
 * index reads it back from the store by identifier.
 */
public record StoredEvent(String identifier, long globalIndex) {

    public static final long INDEX_NOT_KNOWN = -1;

    public boolean indexKnown() {
        return globalIndex != INDEX_NOT_KNOWN;
    }
}
