package io.roam.hub.relay;

import java.util.concurrent.atomic.AtomicReference;

/** Where the relay thread publishes its status and everyone else reads it. */
public final class RelayStatusBoard {

    private final AtomicReference<RelayStatus> current;

    public RelayStatusBoard(RelayStatus initial) {
        current = new AtomicReference<>(initial);
    }

    public RelayStatus current() {
        return current.get();
    }

    void publish(RelayStatus status) {
        current.set(status);
    }
}
