package io.roam.spoke.bulk;

import io.roam.spoke.credentials.SuppliedPinHash;
import io.roam.spoke.directory.RoamingDirectory;
import io.roam.spoke.provisioning.UserRules;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the rows of a users file and checks each as {@code PUT /admin/users/{userId}} would, and
 * the file as a whole: a user on two rows, or a DN on the rows of two users, is refused. Every
 * bad row is named before the file is refused.
 */
final class UserRows {

    static final List<String> COLUMNS = List.of("userId", "pin", "dns", "superuser", "selfServiceId", "emcc");

    private final UserRules rules;
    private final RoamingDirectory directory;
    private final Map<String, Integer> userLines = new HashMap<>();
    private final Map<String, Integer> dnLines = new HashMap<>();

    UserRows(UserRules rules, RoamingDirectory directory) {
        this.rules = rules;
        this.directory = directory;
    }

    /** Every row after the header, if every one keeps the rules; else the file's refusal. */
    List<UserRow> read(CsvReader csv) throws IOException {
        return BadRows.allOrRefuse(csv, line -> {
            UserRow row = row(line);
            claim(row);
            return row;
        });
    }

    private UserRow row(CsvReader.Line line) {
        if (line.problem() != null) {
            throw new IllegalArgumentException(line.problem());
        }
        List<String> fields = line.fields();
        if (fields.size() != COLUMNS.size()) {
            throw new IllegalArgumentException(fields.size() + " fields where the header has " + COLUMNS.size());
        }
        String userId = fields.get(0);
        String pin = fields.get(1);
        List<String> given = fields.get(2).isEmpty() ? List.of() : Arrays.stream(fields.get(2).split(";", -1))
                .map(String::strip).toList();
        boolean superuser = Flags.parse("superuser", fields.get(3), false);
        String selfServiceId = fields.get(4).isEmpty() ? null : fields.get(4);
        boolean emcc = Flags.parse("emcc", fields.get(5), false);
        List<String> dns = rules.check(userId, given, selfServiceId);
        if (pin.isEmpty()) {
            if (directory.user(userId).filter(u -> !u.removed()).isEmpty()) {
                throw new IllegalArgumentException("a new user needs a PIN");
            }
            return new UserRow(line.number(), userId, dns, superuser, emcc, selfServiceId, null, null);
        }
        if (SuppliedPinHash.isHash(pin)) {
            return new UserRow(line.number(), userId, dns, superuser, emcc, selfServiceId, null,
                    SuppliedPinHash.check(pin));
        }
        UserRules.checkPin(pin);
        return new UserRow(line.number(), userId, dns, superuser, emcc, selfServiceId, pin, null);
    }

    /** The user and its DNs are this row's: no earlier row named the user or gave another user a DN. */
    private void claim(UserRow row) {
        Integer earlier = userLines.putIfAbsent(row.userId(), row.line());
        if (earlier != null) {
            throw new IllegalArgumentException(row.userId() + " is on line " + earlier + " already");
        }
        for (String dn : row.dns()) {
            Integer claimed = dnLines.putIfAbsent(dn, row.line());
            if (claimed != null) {
                throw new IllegalArgumentException("DN " + dn + " is claimed by line " + claimed + " already");
            }
        }
    }
}
