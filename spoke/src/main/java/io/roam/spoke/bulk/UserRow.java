package io.roam.spoke.bulk;

import java.util.List;

/**
 * A row of a users file that keeps every rule: the user as defined, and its PIN in clear, as a
 * hash another system made, or neither (the user keeps the PIN it has).
 */
record UserRow(int line, String userId, List<String> dns, boolean superuser, boolean emcc, String selfServiceId,
               String clearPin, String suppliedHash) {
}
