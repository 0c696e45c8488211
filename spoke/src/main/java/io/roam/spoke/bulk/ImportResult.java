package io.roam.spoke.bulk;

/**
 * What an import did: rows read, users or devices created, changed, and left as they were (no
 * command, no event), with the time spent reading and checking the file, on PINs, and applying.
 */
public record ImportResult(String kind, int rows, int created, int changed, int unchanged, long readMs, long pinsMs,
                           long applyMs) {
}
