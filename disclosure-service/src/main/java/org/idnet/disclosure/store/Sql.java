package org.idnet.disclosure.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.idnet.disclosure.release.domain.IdentityField;

/** Conversions between Java values and PostgreSQL columns, shared by the JDBC adapters. */
public final class Sql {

  private Sql() {
  }

  /** timestamptz parameter (PgJDBC binds OffsetDateTime, not Instant). */
  public static OffsetDateTime ts(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  public static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  /** A text[] literal of enum names (A-Z and _ only, so nothing needs quoting); bind with CAST(? AS text[]). */
  public static String fieldArray(List<IdentityField> fields) {
    return "{" + String.join(",", fields.stream().map(Enum::name).toList()) + "}";
  }

  public static List<IdentityField> fields(ResultSet rs, String column) throws SQLException {
    String[] names = (String[]) rs.getArray(column).getArray();
    return Arrays.stream(names).map(IdentityField::valueOf).toList();
  }
}
