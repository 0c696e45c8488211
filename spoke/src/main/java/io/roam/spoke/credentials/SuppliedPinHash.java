package io.roam.spoke.credentials;

import io.roam.spoke.api.EmError;
import io.roam.spoke.api.EmException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PIN hash another system made, taken as it is when users migrate: bcrypt's, in any of its
 * versions, at a cost a login here can afford to check.
 */
public final class SuppliedPinHash {

    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");
    /** bcrypt's own least. */
    static final int MIN_COST = 4;
    /** Each step doubles a login's work: past this one a single login holds a core for seconds. */
    static final int MAX_COST = 14;

    private SuppliedPinHash() {
    }

    /** Whether a PIN field holds a hash rather than a PIN: bcrypt's prefix, which no EM PIN has. */
    public static boolean isHash(String pin) {
        return pin.startsWith("$2");
    }

    /** The hash, if it is a whole bcrypt hash at a cost within the bounds; else why not. */
    public static String check(String hash) {
        Matcher bcrypt = BCRYPT.matcher(hash);
        if (!bcrypt.matches()) {
            throw new EmException(EmError.PARSING, "not a bcrypt hash: $2a$, $2b$ or $2y$, two digits of cost, $, "
                    + "then 53 characters of ./A-Za-z0-9");
        }
        int cost = Integer.parseInt(bcrypt.group(1));
        if (cost < MIN_COST || cost > MAX_COST) {
            throw new EmException(EmError.PARSING, "the PIN hash's cost " + cost + " is outside " + MIN_COST + " to "
                    + MAX_COST);
        }
        return hash;
    }
}
