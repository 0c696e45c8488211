package io.roam.spoke.bulk;

/** A yes-or-no column: {@code true} or {@code false} in any case, empty for the default. */
final class Flags {

    private Flags() {
    }

    static boolean parse(String column, String value, boolean absent) {
        if (value.isEmpty()) {
            return absent;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException(column + " is true, false or empty, not " + value);
    }
}
