package io.roam.spoke.login;

import io.roam.events.Geolocation;
import io.roam.spoke.api.EmError;
import io.roam.spoke.api.EmException;

import java.util.regex.Pattern;

/**
 * The bounds a phone's settings keep, whether it is configured alone or imported with thousands:
 * each refusal is an {@link EmException} with its code. Absent settings take the defaults: EM
 * enabled, no EMCC support, no geolocation, no device pool.
 */
public final class DeviceRules {

    private static final Pattern DEVICE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** A device pool name as Cisco's administration takes it. */
    private static final Pattern DEVICE_POOL = Pattern.compile("[A-Za-z0-9 ._-]{1,50}");
    static final int MAX_GEOLOCATION_FIELD = 64;
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private DeviceRules() {
    }

    public static ConfigureDevice configure(String device, Boolean emEnabled, Boolean emccSupported,
                                            Geolocation geolocation, String devicePool) {
        if (device == null || !DEVICE_NAME.matcher(device).matches()) {
            throw new EmException(EmError.DEVICE_NAME_EMPTY, "invalid device name");
        }
        return new ConfigureDevice(device, !Boolean.FALSE.equals(emEnabled), Boolean.TRUE.equals(emccSupported),
                geolocation(geolocation), devicePool(devicePool));
    }

    /** Blank fields are absent; a geolocation without fields is {@link Geolocation#NONE}. */
    private static Geolocation geolocation(Geolocation given) {
        if (given == null) {
            return Geolocation.NONE;
        }
        return new Geolocation(field("country", given.country()), field("state", given.state()),
                field("city", given.city()), field("postal code", given.postalCode()),
                field("building", given.building()), field("floor", given.floor()));
    }

    private static String field(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String stripped = value.strip();
        if (stripped.length() > MAX_GEOLOCATION_FIELD || CONTROL.matcher(stripped).find()) {
            throw new EmException(EmError.PARSING, "the geolocation's " + name + " is longer than "
                    + MAX_GEOLOCATION_FIELD + " characters or holds a control character");
        }
        return stripped;
    }

    private static String devicePool(String pool) {
        if (pool == null || pool.isBlank()) {
            return null;
        }
        String stripped = pool.strip();
        if (!DEVICE_POOL.matcher(stripped).matches()) {
            throw new EmException(EmError.PARSING, "invalid device pool name: 1 to 50 letters, digits, spaces, . _ or -");
        }
        return stripped;
    }
}
