package io.roam.spoke.directory;

import io.roam.spoke.eventstore.StoredEvent;

import java.util.SortedSet;

/** Told, after each applied event, which DNs' routing answers it changed (often none). */
public interface RoutingChanges {

    void applied(StoredEvent stored, SortedSet<String> changedDns);
}
