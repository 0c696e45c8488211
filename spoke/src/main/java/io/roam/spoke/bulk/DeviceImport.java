package io.roam.spoke.bulk;

import io.roam.spoke.login.ConfigureDevice;
import io.roam.spoke.login.DeviceRegistry;
import io.roam.spoke.login.DeviceView;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A devices file: every row checked, then each device configured whose row differs from what is stored. */
@Component
class DeviceImport {

    private final DeviceRegistry devices;
    private final CommandBatches batches;

    DeviceImport(DeviceRegistry devices, CommandBatches batches) {
        this.devices = devices;
        this.batches = batches;
    }

    ImportResult run(CsvReader csv) throws IOException {
        long started = System.nanoTime();
        List<ConfigureDevice> rows = new DeviceRows().read(csv);
        long read = System.nanoTime();
        List<ConfigureDevice> changes = new ArrayList<>();
        int created = 0;
        for (ConfigureDevice row : rows) {
            DeviceView current = devices.device(row.device()).orElse(null);
            if (current == null) {
                created++;
            } else if (same(current, row)) {
                continue;
            }
            changes.add(row);
        }
        batches.send(changes);
        long applied = System.nanoTime();
        return new ImportResult("devices", rows.size(), created, changes.size() - created, rows.size() - changes.size(),
                UserImport.millis(read - started), 0, UserImport.millis(applied - read));
    }

    private static boolean same(DeviceView current, ConfigureDevice row) {
        return current.emEnabled() == row.emEnabled() && current.emccSupported() == row.emccSupported()
                && current.geolocation().equals(row.geolocation()) && Objects.equals(current.devicePool(), row.devicePool());
    }
}
