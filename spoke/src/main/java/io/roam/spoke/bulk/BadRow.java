package io.roam.spoke.bulk;

/** A row of an import file that breaks a rule: its line in the file (the header is line 1) and why. */
public record BadRow(int line, String reason) {
}
