package io.roam.spoke.directory;

import io.roam.spoke.eventstore.Projection;
import io.roam.spoke.eventstore.StoredEvent;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;

/** Feeds the directory, hands on the logouts this cluster now owes, and says which DNs now route elsewhere. */
@Component
public class DirectoryProjection implements Projection {

    private final RoamingDirectory directory;
    private final RoutingChanges routingChanges;
    private volatile Consumer<List<OwedLogout>> owedLogouts = owed -> { };

    public DirectoryProjection(RoamingDirectory directory, RoutingChanges routingChanges) {
        this.directory = directory;
        this.routingChanges = routingChanges;
    }

    @Override
    public void apply(Object event) {
        handOn(directory.apply(event));
    }

    @Override
    public void apply(Object event, StoredEvent stored) {
        // sorted and without repeats, so that the replay names an event's changes as the live feed did
        SortedSet<String> changed = new TreeSet<>();
        List<OwedLogout> owed = directory.apply(event, changed);
        routingChanges.applied(stored, changed);
        handOn(owed);
    }

    private void handOn(List<OwedLogout> owed) {
        if (!owed.isEmpty()) {
            owedLogouts.accept(owed);
        }
    }

    /** Until someone listens (during the replay at start) owed logouts are only recorded in the directory. */
    public void onOwedLogouts(Consumer<List<OwedLogout>> listener) {
        this.owedLogouts = listener;
    }
}
