package org.idnet.identity.store;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The place of an encrypted value: table, column and row. It is the AEAD's associated data, so a
 * ciphertext copied to another row or column no longer decrypts.
 */
public record FieldRef(String table, String column, UUID rowId) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  public FieldRef {
    if (table == null || !NAME.matcher(table).matches() || column == null || !NAME.matcher(column).matches()) {
      throw new IllegalArgumentException("table and column must be plain SQL names");
    }
    Objects.requireNonNull(rowId, "rowId");
  }

  /** {@code table|column|row uuid}, e.g. {@code phone_bindings|phone_ciphertext|0b6f...}. */
  public byte[] associatedData() {
    return (table + "|" + column + "|" + rowId).getBytes(StandardCharsets.UTF_8);
  }
}
