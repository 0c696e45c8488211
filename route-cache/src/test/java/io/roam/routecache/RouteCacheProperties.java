package io.roam.routecache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** The proxy routes on what the feed last said of each DN, however the feed resets; it never routes on bad input. */
class RouteCacheProperties {

    /** A DN's new answer ({@code target} null: gone), or a reset followed by a snapshot of the spoke's map. */
    record Step(boolean reset, String dn, String target) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<String> dns = Arbitraries.integers().between(1, 12).map(n -> Integer.toString(1_000_000 + n));
        Arbitrary<String> targets = Arbitraries.of("cluster-1", "cluster-2", "cluster-3").injectNull(0.2);
        Arbitrary<Step> change = Combinators.combine(dns, targets).as((dn, target) -> new Step(false, dn, target));
        Arbitrary<Step> reset = Arbitraries.just(new Step(true, null, null));
        return Arbitraries.frequencyOf(
                Tuple.of(9, change), Tuple.of(1, reset)).list().ofMaxSize(40);
    }

    @Property
    void theServingTableHoldsTheSpokesLatestAnswerForEveryDn(@ForAll("steps") List<Step> steps) throws IOException {
        RecordingTables tables = new RecordingTables();
        RouteCache cache = new RouteCache(tables);
        Map<String, String> spoke = new TreeMap<>();
        spoke.put("1000001", "cluster-1");
        snapshot(cache, spoke, 0);
        int position = 0;
        String last = "s.0.1";
        for (Step step : steps) {
            position++;
            if (step.reset()) {
                cache.apply(new EventStreamReader.Event("reset", null, "{\"reason\":\"EXPIRED\"}"));
                snapshot(cache, spoke, position);
                last = "s." + position + ".1";
            } else {
                if (step.target() == null) {
                    spoke.remove(step.dn());
                } else {
                    spoke.put(step.dn(), step.target());
                }
                last = "s." + position + ".1";
                cache.apply(RouteCacheTest.change(last, step.dn(), step.target()));
            }
        }

        Map<String, String> expected = new TreeMap<>();
        spoke.forEach((dn, target) -> expected.put(dn, RouteCacheTest.entry(target)));
        assertThat(tables.routing()).isEqualTo(expected);
        assertThat(cache.position()).contains(last);
    }

    private static void snapshot(RouteCache cache, Map<String, String> spoke, int position) throws IOException {
        for (Map.Entry<String, String> dn : spoke.entrySet()) {
            cache.apply(RouteCacheTest.snapshot(dn.getKey(), dn.getValue()));
        }
        cache.apply(RouteCacheTest.end("s." + position + ".1"));
    }

    private static final Pattern USABLE = Pattern.compile("[^\\s|]+\\|sips?:[^\\s|]+\\|[^\\s|]*\\|(sips?:[^\\s|]+)?");

    @Property
    void whateverTheDataNoEntryIsOneTheProxyCouldNotRouteOn(@ForAll("data") List<String> data) throws IOException {
        RecordingTables tables = new RecordingTables();
        RouteCache cache = new RouteCache(tables);
        cache.apply(RouteCacheTest.end("s.0.1"));
        int position = 0;
        for (String d : data) {
            try {
                cache.apply(new EventStreamReader.Event("change", "s." + ++position + ".1", d));
            } catch (RouteCache.FeedProtocolException e) {
                // refused: the feeder reconnects, and the spoke sends a good event or a reset
            }
        }

        assertThat(tables.routing().values()).allMatch(entry -> USABLE.matcher(entry).matches());
        assertThat(tables.routing().keySet()).allMatch(dn -> !dn.isEmpty() && !dn.contains("|") && !dn.contains(" "));
    }

    @Provide
    Arbitrary<List<String>> data() {
        Arbitrary<String> junk = Arbitraries.strings().ofMaxLength(30);
        Arbitrary<String> field = Arbitraries.oneOf(junk, Arbitraries.of("sip:a@b", "cluster-1", "", " ", "a|b", "sip:x y"));
        Arbitrary<String> shaped = Combinators.combine(field, field, field, field, field,
                        Arbitraries.of("LOGGED_IN", "HOME", "UNKNOWN"))
                .as((dn, target, route, physical, emergency, reason) -> "{\"dn\":" + quoted(dn) + ",\"target\":"
                        + quoted(target) + ",\"routeString\":" + quoted(route) + ",\"physicalCluster\":" + quoted(physical)
                        + ",\"emergencyRoute\":" + quoted(emergency) + ",\"reason\":\"" + reason + "\"}");
        return Arbitraries.oneOf(junk, shaped).list().ofMaxSize(20);
    }

    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
