package io.roam.routecache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's cache as the change feed dictates it. A snapshot is loaded into the table that does
 * not serve, while calls are looked up, and swapped in whole at its end; changes then go to the
 * serving table. A reset starts another snapshot the same way, so a table is never half old. The
 * position of the last change applied is where the feed resumes.
 */
final class RouteCache {

    private static final Logger log = LoggerFactory.getLogger(RouteCache.class);
    /** What the proxy's commands may carry: no spaces, and no {@code |}, which separates their words. */
    private static final Pattern TOKEN = Pattern.compile("[^\\s|]{1,128}");
    private static final Pattern ROUTE_STRING = Pattern.compile("sips?:[^\\s|]{1,250}");

    private final RoutingTables tables;
    private final ObjectMapper json = new ObjectMapper();
    private Table serving;
    private Table loading;
    /** The table that served before the snapshot being loaded: cleared once the new one serves. */
    private Table retired;
    private String position;
    private long entries;

    RouteCache(RoutingTables tables) {
        this.tables = tables;
    }

    /** Where the feed resumes: the id of the last change or snapshot end applied; empty before the first snapshot ends. */
    Optional<String> position() {
        return Optional.ofNullable(position);
    }

    void apply(EventStreamReader.Item item) throws IOException {
        if (item instanceof EventStreamReader.Comment) {
            tables.beat();
            return;
        }
        EventStreamReader.Event event = (EventStreamReader.Event) item;
        switch (event.type()) {
            case "snapshot" -> {
                if (loading == null) {
                    startLoading();
                }
                write(loading, event.data());
                entries++;
            }
            case "snapshot-end" -> {
                if (loading == null) {
                    startLoading();
                }
                tables.use(Optional.of(loading));
                serving = loading;
                loading = null;
                position = requireId(event);
                log.info("Routing from table {}: {} DNs at position {}", serving.wire(), entries, position);
                if (retired != null && retired != serving) {
                    tables.clear(retired);
                }
                retired = null;
            }
            case "change" -> {
                if (serving == null || loading != null) {
                    throw new FeedProtocolException("a change before the snapshot ended");
                }
                write(serving, event.data());
                position = requireId(event);
            }
            case "reset" -> {
                log.warn("The feed was reset ({}): loading a new table, calls are looked up meanwhile", event.data());
                startLoading();
            }
            default -> log.debug("Ignored a {} event", event.type());
        }
    }

    /** A snapshot that starts again while one loads goes to the same table. */
    private void startLoading() throws IOException {
        if (serving != null) {
            retired = serving;
            loading = serving.other();
        } else if (loading == null) {
            loading = Table.A;
        }
        entries = 0;
        tables.use(Optional.empty());
        serving = null;
        tables.clear(loading);
    }

    /** Sets the DN's entry, or deletes it when the DN is gone or its answer is not one to route on. */
    private void write(Table table, String data) throws IOException {
        JsonNode change;
        try {
            change = json.readTree(data);
        } catch (JsonProcessingException e) {
            throw new FeedProtocolException("an event whose data is not JSON: " + data);
        }
        String dn = text(change, "dn");
        if (dn == null || !TOKEN.matcher(dn).matches()) {
            throw new FeedProtocolException("an event without a usable DN: " + data);
        }
        String reason = text(change, "reason");
        String target = text(change, "target");
        String routeString = text(change, "routeString");
        if ("UNKNOWN".equals(reason) || target == null) {
            tables.delete(table, dn);
        } else if (TOKEN.matcher(target).matches() && routeString != null && ROUTE_STRING.matcher(routeString).matches()) {
            tables.set(table, dn, new Route(target, routeString, usable(text(change, "physicalCluster"), TOKEN),
                    usable(text(change, "emergencyRoute"), ROUTE_STRING)));
        } else {
            // Never a route the proxy could not use: the lookup answers for this DN instead.
            log.warn("Not caching DN {}: target {} route string {}", dn, target, routeString);
            tables.delete(table, dn);
        }
    }

    /** An optional field the proxy can use as it is, or nothing. */
    private static String usable(String value, Pattern pattern) {
        return value != null && pattern.matcher(value).matches() ? value : null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String requireId(EventStreamReader.Event event) {
        if (event.id() == null || event.id().isBlank()) {
            throw new FeedProtocolException("a " + event.type() + " event without a position");
        }
        return event.id();
    }

    /** The feed said something the cache cannot follow; it reconnects and the spoke sends it again or resets. */
    static final class FeedProtocolException extends RuntimeException {

        FeedProtocolException(String message) {
            super(message);
        }
    }
}
