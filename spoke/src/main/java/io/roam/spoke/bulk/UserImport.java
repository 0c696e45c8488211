package io.roam.spoke.bulk;

import io.roam.spoke.credentials.Credentials;
import io.roam.spoke.credentials.PinHasher;
import io.roam.spoke.directory.RoamingDirectory;
import io.roam.spoke.directory.UserView;
import io.roam.spoke.provisioning.ProvisionUser;
import io.roam.spoke.provisioning.UserRules;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A users file: every row checked, then every clear PIN hashed, then each user provisioned whose
 * row differs from what is stored. A row the user already matches sends no command.
 */
@Component
class UserImport {

    private final UserRules rules;
    private final RoamingDirectory directory;
    private final Credentials credentials;
    private final PinHashing pinHashing;
    private final CommandBatches batches;

    UserImport(UserRules rules, RoamingDirectory directory, Credentials credentials, PinHasher pins,
               CommandBatches batches) {
        this.rules = rules;
        this.directory = directory;
        this.credentials = credentials;
        this.pinHashing = new PinHashing(pins, credentials);
        this.batches = batches;
    }

    ImportResult run(CsvReader csv) throws IOException, InterruptedException {
        long started = System.nanoTime();
        List<UserRow> rows = new UserRows(rules, directory).read(csv);
        long read = System.nanoTime();
        List<String> hashes = pinHashing.hashes(rows);
        long hashed = System.nanoTime();
        List<ProvisionUser> changes = new ArrayList<>();
        int created = 0;
        for (int i = 0; i < rows.size(); i++) {
            UserRow row = rows.get(i);
            UserView current = directory.user(row.userId()).filter(u -> !u.removed()).orElse(null);
            if (current == null) {
                created++;
            } else if (same(current, row, hashes.get(i))) {
                continue;
            }
            changes.add(new ProvisionUser(row.userId(), row.dns(), row.superuser(), row.emcc(), row.selfServiceId(),
                    hashes.get(i)));
        }
        batches.send(changes);
        long applied = System.nanoTime();
        return new ImportResult("users", rows.size(), created, changes.size() - created, rows.size() - changes.size(),
                millis(read - started), millis(hashed - read), millis(applied - hashed));
    }

    private boolean same(UserView current, UserRow row, String hash) {
        return current.dns().equals(row.dns()) && current.superuser() == row.superuser()
                && current.emcc() == row.emcc() && Objects.equals(current.selfServiceId(), row.selfServiceId())
                && (hash == null || hash.equals(credentials.pinHash(row.userId()).orElse(null)));
    }

    static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
