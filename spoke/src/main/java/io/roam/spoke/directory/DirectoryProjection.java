package io.roam.spoke.directory;

import io.roam.spoke.eventstore.Projection;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.function.Consumer;

/** Feeds the directory and hands on the logouts this cluster now owes. */
@Component
public class DirectoryProjection implements Projection {

    private final RoamingDirectory directory;
    private volatile Consumer<List<OwedLogout>> owedLogouts = owed -> { };

    public DirectoryProjection(RoamingDirectory directory) {
        this.directory = directory;
    }

    @Override
    public void apply(Object event) {
        List<OwedLogout> owed = directory.apply(event);
        if (!owed.isEmpty()) {
            owedLogouts.accept(owed);
        }
    }

    /** Until someone listens (during the replay at start) owed logouts are only recorded in the directory. */
    public void onOwedLogouts(Consumer<List<OwedLogout>> listener) {
        this.owedLogouts = listener;
    }
}
