package io.roam.spoke.bulk;

import io.roam.events.Geolocation;
import io.roam.spoke.login.ConfigureDevice;
import io.roam.spoke.login.DeviceRules;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the rows of a devices file and checks each as {@code PUT /admin/devices/{device}} would;
 * a device on two rows is refused. Every bad row is named before the file is refused.
 */
final class DeviceRows {

    static final List<String> COLUMNS = List.of("device", "emEnabled", "emccSupported", "country", "state", "city",
            "postalCode", "building", "floor", "devicePool");

    private final Map<String, Integer> deviceLines = new HashMap<>();

    /** Every row after the header as its command, if every one keeps the rules; else the file's refusal. */
    List<ConfigureDevice> read(CsvReader csv) throws IOException {
        return BadRows.allOrRefuse(csv, line -> {
            ConfigureDevice row = row(line);
            Integer earlier = deviceLines.putIfAbsent(row.device(), line.number());
            if (earlier != null) {
                throw new IllegalArgumentException(row.device() + " is on line " + earlier + " already");
            }
            return row;
        });
    }

    private static ConfigureDevice row(CsvReader.Line line) {
        if (line.problem() != null) {
            throw new IllegalArgumentException(line.problem());
        }
        List<String> f = line.fields();
        if (f.size() != COLUMNS.size()) {
            throw new IllegalArgumentException(f.size() + " fields where the header has " + COLUMNS.size());
        }
        return DeviceRules.configure(f.get(0), Flags.parse("emEnabled", f.get(1), true),
                Flags.parse("emccSupported", f.get(2), false),
                new Geolocation(f.get(3), f.get(4), f.get(5), f.get(6), f.get(7), f.get(8)), f.get(9));
    }
}
