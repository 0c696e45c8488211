package io.roam.routecache;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads a {@code text/event-stream} as the WHATWG rules say for what the spoke's change feed uses:
 * {@code event}, {@code id} and {@code data} fields, comments, and a blank line that ends an event.
 * Other fields are ignored, as the rules ask.
 */
final class EventStreamReader {

    /** An event or a comment, in stream order. */
    sealed interface Item permits Event, Comment {
    }

    /** @param id null when the event set none */
    record Event(String type, String id, String data) implements Item {
    }

    record Comment(String text) implements Item {
    }

    private final BufferedReader reader;

    EventStreamReader(BufferedReader reader) {
        this.reader = reader;
    }

    /** The next event or comment; empty once the stream has ended. */
    Optional<Item> next() throws IOException {
        String type = null;
        String id = null;
        StringBuilder data = null;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.isEmpty()) {
                if (data != null) {
                    return Optional.of(new Event(type == null ? "message" : type, id, data.toString()));
                }
                type = null;
                id = null;
                continue;
            }
            if (line.startsWith(":")) {
                return Optional.of(new Comment(value(line.substring(1))));
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : value(line.substring(colon + 1));
            switch (field) {
                case "event" -> type = value;
                case "id" -> id = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> {
                    // retry and unknown fields: nothing the cache needs
                }
            }
        }
        return Optional.empty();
    }

    /** Whether a line can be read without waiting: the writes so far may then wait for more. */
    boolean ready() throws IOException {
        return reader.ready();
    }

    private static String value(String rest) {
        return rest.startsWith(" ") ? rest.substring(1) : rest;
    }
}
