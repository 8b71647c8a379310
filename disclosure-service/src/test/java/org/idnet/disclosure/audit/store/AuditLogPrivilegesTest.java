package org.idnet.disclosure.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.idnet.disclosure.audit.AuditFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The log is append-only in the database itself: the service's role lacks the rights to rewrite
 * it, and triggers refuse a rewrite even to a role that has them. PostgreSQL's own errors prove it.
 */
class AuditLogPrivilegesTest {

  static AuditFixture audit;

  @BeforeAll
  static void setUp() {
    audit = AuditFixture.create();
    audit.append(5);
    audit.issuer.issueNow();
  }

  @AfterAll
  static void tearDown() {
    audit.close();
  }

  /** The refusal as a Throwable (an SQLException is also an Iterable, which confuses assertThat). */
  static Throwable refused(DataSource as, String sql) {
    return catchThrowableOfType(SQLException.class, () -> {
      try (Connection c = as.getConnection(); Statement s = c.createStatement()) {
        s.execute(sql);
      }
    });
  }

  @Test
  void appRoleWhenUpdatingDeletingOrTruncatingEntriesThenPermissionDenied() {
    for (String sql : new String[] {"UPDATE audit_entries SET actor = 'someone' WHERE seq = 2",
        "DELETE FROM audit_entries WHERE seq = 5", "TRUNCATE audit_entries"}) {
      Throwable e = refused(audit.db.app(), sql);
      assertThat(e).as(sql).isNotNull();
      assertThat(((SQLException) e).getSQLState()).as(sql).isEqualTo("42501");
      assertThat(e.getMessage()).as(sql).contains("permission denied for table audit_entries");
    }
    assertThat(audit.history.head().size()).isEqualTo(5);
  }

  @Test
  void appRoleWhenRewritingCheckpointsOrDroppingTheHeadThenPermissionDenied() {
    for (String sql : new String[] {"UPDATE audit_checkpoints SET size = 1", "DELETE FROM audit_checkpoints",
        "TRUNCATE audit_checkpoints", "DELETE FROM audit_head", "INSERT INTO audit_head VALUES (true, 0, '\\x00')"}) {
      Throwable e = refused(audit.db.app(), sql);
      assertThat(e).as(sql).isNotNull();
      assertThat(((SQLException) e).getSQLState()).as(sql).isEqualTo("42501");
    }
  }

  @Test
  void ownerWhenUpdatingDeletingOrTruncatingEntriesThenTriggersRefuse() {
    assertThat(refused(audit.db.owner(), "UPDATE audit_entries SET actor = 'someone' WHERE seq = 2"))
        .hasMessageContaining("audit_entries is append-only: UPDATE refused");
    assertThat(refused(audit.db.owner(), "DELETE FROM audit_entries WHERE seq = 5"))
        .hasMessageContaining("audit_entries is append-only: DELETE refused");
    assertThat(refused(audit.db.owner(), "TRUNCATE audit_entries"))
        .hasMessageContaining("audit_entries is append-only: TRUNCATE refused");
    assertThat(refused(audit.db.owner(), "DELETE FROM audit_checkpoints"))
        .hasMessageContaining("audit_checkpoints is append-only: DELETE refused");
  }

  @Test
  void appRoleWhenInsertingAnEntryThatSkipsOrForksTheHeadThenRefused() {
    String entry = "INSERT INTO audit_entries VALUES (%d, now(), 'REQUEST_CREATED', 'x', 'agency-1', "
        + "gen_random_uuid(), %s, decode(repeat('11', 32), 'hex'))";
    String zero = "decode(repeat('00', 32), 'hex')";

    assertThat(refused(audit.db.app(), entry.formatted(9, "(SELECT hash FROM audit_head)")))
        .hasMessageContaining("does not extend the head");
    assertThat(refused(audit.db.app(), entry.formatted(6, zero)))
        .hasMessageContaining("does not extend the head");
  }

  @Test
  void appRoleWhenMovingTheHeadOtherThanOntoTheNextEntryThenRefused() {
    assertThat(refused(audit.db.app(), "UPDATE audit_head SET seq = 0, hash = decode(repeat('00', 32), 'hex')"))
        .hasMessageContaining("audit head may only advance");
    assertThat(refused(audit.db.app(), "UPDATE audit_head SET seq = 6"))
        .hasMessageContaining("audit head may only advance");
  }
}
