package org.idnet.importer;

/**
 * A line of the file the uploader does not send, and why (a word, never the line's content):
 * {@code not-a-json-object}, {@code account-id-missing}, {@code phone-number-missing},
 * {@code verified-at-missing}, {@code verified-at-unreadable}, {@code field-too-long}.
 */
public record LineProblem(int line, String reason) {
}
