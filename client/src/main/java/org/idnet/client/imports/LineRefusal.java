package org.idnet.client.imports;

/**
 * A refused line: its number and why ({@code invalid-account-id}, {@code invalid-phone-number},
 * {@code invalid-verified-at}, {@code already-bound}, {@code number-reassigned-since},
 * {@code unreadable-upload}), never what it held.
 */
public record LineRefusal(int line, String reason) {
}
