package io.roam.routecache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouteCacheTest {

    private final RecordingTables tables = new RecordingTables();
    private final RouteCache cache = new RouteCache(tables);

    static EventStreamReader.Event snapshot(String dn, String target) {
        return new EventStreamReader.Event("snapshot", null, answer(dn, target));
    }

    static EventStreamReader.Event change(String id, String dn, String target) {
        return new EventStreamReader.Event("change", id, answer(dn, target));
    }

    static EventStreamReader.Event end(String id) {
        return new EventStreamReader.Event("snapshot-end", id, "{\"position\":\"" + id + "\"}");
    }

    static String answer(String dn, String target) {
        return target == null
                ? "{\"dn\":\"" + dn + "\",\"userId\":null,\"target\":null,\"reason\":\"UNKNOWN\",\"routeString\":null}"
                : "{\"dn\":\"" + dn + "\",\"userId\":\"u\",\"target\":\"" + target + "\",\"reason\":\"LOGGED_IN\","
                        + "\"routeString\":\"" + route(target) + "\",\"local\":false,\"physicalCluster\":\"" + target
                        + "\",\"mode\":\"ROAMING\",\"emergencyRoute\":\"" + emergencyRoute(target) + "\"}";
    }

    static String route(String target) {
        return "sip:" + target + "@127.0.0.1:5062";
    }

    static String emergencyRoute(String target) {
        return "sip:gateway-" + target + "@127.0.0.1:5070";
    }

    /** What the proxy holds for a DN routed to the target, its phone there too. */
    static String entry(String target) {
        return target + "|" + route(target) + "|" + target + "|" + emergencyRoute(target);
    }

    @Test
    void aSnapshotIsRoutedFromOnlyOnceItIsComplete() throws IOException {
        cache.apply(snapshot("1000001", "cluster-1"));
        cache.apply(snapshot("1000002", "cluster-2"));

        assertThat(tables.routing()).isEmpty();
        assertThat(cache.position()).isEmpty();

        cache.apply(end("s.7.1"));

        assertThat(tables.serving).contains(Table.A);
        assertThat(tables.routing()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "1000001", entry("cluster-1"), "1000002", entry("cluster-2")));
        assertThat(cache.position()).contains("s.7.1");
    }

    @Test
    void changesGoToTheServingTableAndMoveThePosition() throws IOException {
        cache.apply(snapshot("1000001", "cluster-1"));
        cache.apply(end("s.7.1"));

        cache.apply(change("s.8.1", "1000001", "cluster-3"));
        cache.apply(change("s.9.1", "1000004", "cluster-4"));

        assertThat(tables.routing()).containsEntry("1000001", entry("cluster-3"))
                .containsEntry("1000004", entry("cluster-4"));
        assertThat(cache.position()).contains("s.9.1");
    }

    @Test
    void aDnThatNoLongerExistsLeavesTheCache() throws IOException {
        cache.apply(snapshot("1000001", "cluster-1"));
        cache.apply(end("s.7.1"));

        cache.apply(change("s.8.1", "1000001", null));

        assertThat(tables.routing()).doesNotContainKey("1000001");
    }

    @Test
    void anAnswerTheProxyCouldNotRouteOnIsLeftToTheLookup() throws IOException {
        cache.apply(snapshot("1000001", "cluster-1"));
        cache.apply(end("s.7.1"));

        cache.apply(new EventStreamReader.Event("change", "s.8.1",
                "{\"dn\":\"1000001\",\"target\":\"cluster-2\",\"reason\":\"LOGGED_IN\",\"routeString\":\"cluster-2.example\"}"));
        cache.apply(new EventStreamReader.Event("change", "s.9.1",
                "{\"dn\":\"1000002\",\"target\":\"cluster|2\",\"reason\":\"LOGGED_IN\",\"routeString\":\"sip:c2@h\"}"));

        assertThat(tables.routing()).isEmpty();
    }

    @Test
    void aResetLoadsTheOtherTableWhileCallsAreLookedUpAndSwapsItInWhole() throws IOException {
        cache.apply(snapshot("1000001", "cluster-1"));
        cache.apply(end("s.7.1"));

        cache.apply(new EventStreamReader.Event("reset", null, "{\"reason\":\"EXPIRED\",\"from\":\"s.7.1\"}"));
        assertThat(tables.serving).isEmpty();
        cache.apply(snapshot("1000002", "cluster-2"));
        assertThat(tables.routing()).isEmpty();
        cache.apply(end("t.3.1"));

        assertThat(tables.serving).contains(Table.B);
        assertThat(tables.routing()).containsOnlyKeys("1000002");
        assertThat(tables.tables.get(Table.A)).as("the old table, cleared after the swap").isEmpty();
        assertThat(tables.commands).containsSubsequence("use -", "clear B", "set B 1000002", "use B", "clear A");
        assertThat(cache.position()).contains("t.3.1");
    }

    @Test
    void anEmptySnapshotIsACompleteTable() throws IOException {
        cache.apply(end("s.0.0"));

        assertThat(tables.serving).contains(Table.A);
        assertThat(cache.position()).contains("s.0.0");
    }

    @Test
    void aChangeBeforeTheSnapshotEndedIsAProtocolError() {
        assertThatThrownBy(() -> cache.apply(change("s.8.1", "1000001", "cluster-1")))
                .isInstanceOf(RouteCache.FeedProtocolException.class);
        assertThat(tables.serving).isEmpty();
    }

    @Test
    void heartbeatsAreBeatsAndUnknownEventsChangeNothing() throws IOException {
        cache.apply(new EventStreamReader.Comment("heartbeat"));
        cache.apply(new EventStreamReader.Event("something-new", "x", "{}"));

        assertThat(tables.beats).isEqualTo(1);
        assertThat(tables.commands).isEmpty();
        assertThat(tables.serving).isEqualTo(Optional.empty());
    }

    @Test
    void anEmergencyRouteOrPhysicalClusterTheProxyCouldNotUseIsLeftOutNotTheDn() throws IOException {
        cache.apply(end("s.7.1"));

        cache.apply(new EventStreamReader.Event("change", "s.8.1", "{\"dn\":\"1000001\",\"target\":\"cluster-1\","
                + "\"reason\":\"LOGGED_IN\",\"routeString\":\"sip:c1@h\",\"physicalCluster\":\"cluster 3\","
                + "\"emergencyRoute\":\"gateway.example\"}"));
        cache.apply(new EventStreamReader.Event("change", "s.9.1", "{\"dn\":\"1000002\",\"target\":\"cluster-2\","
                + "\"reason\":\"LOGGED_IN\",\"routeString\":\"sip:c2@h\"}"));

        assertThat(tables.routing()).containsEntry("1000001", "cluster-1|sip:c1@h||")
                .containsEntry("1000002", "cluster-2|sip:c2@h||");
    }
}
