package io.roam.spoke.provisioning;

import io.roam.spoke.LocalCluster;
import io.roam.spoke.api.EmError;
import io.roam.spoke.api.EmException;
import io.roam.spoke.credentials.PinHasher;
import io.roam.spoke.directory.RoamingDirectory;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules a user definition keeps, whether it is provisioned alone or imported with thousands:
 * each refusal is an {@link EmException} with its code, and nothing is stored before every rule held.
 */
@Component
public class UserRules {

    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");
    private static final Pattern DN = Pattern.compile("[0-9A-Za-z+*#]{1,32}");
    /** Bounds that keep a user's event far below the outbox's 64 KiB envelope; no EM seed sets one. */
    static final int MAX_DNS = 64;
    static final int MAX_SELF_SERVICE_ID = 128;

    private final RoamingDirectory directory;
    private final LocalCluster cluster;

    public UserRules(RoamingDirectory directory, LocalCluster cluster) {
        this.directory = directory;
        this.cluster = cluster;
    }

    /**
     * The user's DNs, each once, in the order given, if the user and every DN may be defined here
     * (none is another cluster's); else the first rule the definition breaks.
     */
    public List<String> check(String userId, List<String> dns, String selfServiceId) {
        if (userId == null || !USER_ID.matcher(userId).matches()) {
            throw new EmException(EmError.BLANK_USERID_OR_PIN, "invalid user id");
        }
        if (dns != null && dns.size() > MAX_DNS) {
            throw new EmException(EmError.PARSING, "a user has at most " + MAX_DNS + " DNs");
        }
        if (selfServiceId != null && selfServiceId.length() > MAX_SELF_SERVICE_ID) {
            throw new EmException(EmError.PARSING, "the self-service id is longer than " + MAX_SELF_SERVICE_ID);
        }
        List<String> distinct = dns == null ? List.of() : dns.stream().distinct().toList();
        for (String dn : distinct) {
            if (dn == null || !DN.matcher(dn).matches()) {
                throw new EmException(EmError.PARSING, "invalid DN: " + dn);
            }
        }
        directory.user(userId).filter(u -> !u.removed() && !u.homeCluster().equals(cluster.id())).ifPresent(u -> {
            throw new EmException(EmError.OWNED_BY_ANOTHER_CLUSTER, userId + " is defined at " + u.homeCluster());
        });
        for (String dn : distinct) {
            directory.lookup(dn).filter(e -> !e.homeCluster().equals(cluster.id())).ifPresent(e -> {
                throw new EmException(EmError.OWNED_BY_ANOTHER_CLUSTER, dn + " belongs to " + e.userId()
                        + " of " + e.homeCluster());
            });
        }
        return distinct;
    }

    /** A PIN in clear, null to keep the current one: not blank, and no longer than bcrypt reads. */
    public static void checkPin(String pin) {
        if (pin != null && pin.isBlank()) {
            throw new EmException(EmError.BLANK_USERID_OR_PIN, "blank PIN");
        }
        if (pin != null && PinHasher.tooLong(pin)) {
            throw new EmException(EmError.PARSING, "the PIN is longer than " + PinHasher.MAX_PIN_BYTES + " bytes in UTF-8");
        }
    }
}
