package io.roam.routecache;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The proxy's tables as the feeder leaves them, and every command in order. */
final class RecordingTables implements RoutingTables {

    final Map<Table, Map<String, String>> tables = new EnumMap<>(Map.of(Table.A, new TreeMap<>(), Table.B, new TreeMap<>()));
    final List<String> commands = new ArrayList<>();
    Optional<Table> serving = Optional.empty();
    int beats;

    /** What the proxy routes on: the serving table, or nothing while none is complete. */
    Map<String, String> routing() {
        return serving.map(tables::get).orElse(Map.of());
    }

    @Override
    public void set(Table table, String dn, Route route) {
        commands.add("set " + table + " " + dn);
        tables.get(table).put(dn, route.entry());
    }

    @Override
    public void delete(Table table, String dn) {
        commands.add("del " + table + " " + dn);
        tables.get(table).remove(dn);
    }

    @Override
    public void clear(Table table) {
        commands.add("clear " + table);
        tables.get(table).clear();
    }

    @Override
    public void use(Optional<Table> table) {
        commands.add("use " + table.map(Table::name).orElse("-"));
        serving = table;
    }

    @Override
    public void beat() {
        beats++;
    }

    @Override
    public void flush() {
    }
}
