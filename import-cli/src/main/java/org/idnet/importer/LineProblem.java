package org.idnet.importer;

/**
 * A line of the file the uploader does not send, and why (a word, never the line's content):
 * {@code not-a-json-object}, {@code account-id-missing}, {@code phone-number-missing},
 * {@code verified-at-missing}, {@code verified-at-unreadable} (not an ISO-8601 instant with an
 * offset, or outside the years 0001-9999), {@code field-too-long} (an account id or number over 256
 * characters), {@code line-too-long} (over {@value ImportFile#MAX_LINE_BYTES} bytes as sent, or over
 * {@value ImportFile#MAX_TEXT} characters in the file).
 */
public record LineProblem(int line, String reason) {
}
