package org.idnet.identity.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.idnet.identity.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The application role identity-service runs as (V8) owns nothing and holds only what the code
 * needs: it cannot UPDATE, DELETE or TRUNCATE the append-only tables, nor drop or disable the
 * triggers guarding them, nor change the schema. PostgreSQL's own errors prove it. Before V8 the
 * service ran as the owner, which gets no permission error on any of these (the triggers refuse
 * its rewrites, but it may drop them).
 */
class ApplicationRolePrivilegesTest {

  /** The tables nobody rewrites, each with a column to try an UPDATE on. */
  static final Map<String, String> APPEND_ONLY = Map.of(
      "number_events", "carrier_id",
      "release_refusals", "reason",
      "disclosure_releases", "grant_id",
      "approval_evidence_spent", "request_id");

  static HikariDataSource app;
  static JdbcClient owner;

  @BeforeAll
  static void start() {
    app = TestDatabase.migrated("identity_privileges");
    owner = TestDatabase.asOwner(app);
    // A row in each, written as the service writes them: appending is all the role may do.
    JdbcClient service = JdbcClient.create(app);
    service.sql("""
        INSERT INTO number_events (id, phone_blind_index, type, occurred_at, received_at, revoked_bindings, carrier_id)
        VALUES (gen_random_uuid(), decode(repeat('ab', 32), 'hex'), 'DISCONNECTED', now(), now(), 0, 'carrier-1')""")
        .update();
    service.sql("INSERT INTO release_refusals (at, reason, request_id) VALUES (now(), 'grant-refused', NULL)").update();
    service.sql("""
        INSERT INTO disclosure_releases (request_id, grant_id, scope_hash, answer_hash, released_at)
        VALUES (gen_random_uuid(), gen_random_uuid(), decode(repeat('01', 32), 'hex'), decode(repeat('02', 32), 'hex'),
                now())""").update();
    service.sql("""
        INSERT INTO approval_evidence_spent (evidence_hash, request_id, spent_at)
        VALUES (decode(repeat('03', 32), 'hex'), gen_random_uuid(), now())""").update();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  /**
   * The refusal (null if the statement went through), as a Throwable: an SQLException is also an
   * Iterable, which confuses assertThat.
   */
  static Throwable refused(DataSource as, String sql) {
    return catchThrowableOfType(SQLException.class, () -> {
      try (Connection c = as.getConnection(); Statement s = c.createStatement()) {
        s.execute(sql);
      }
    });
  }

  @Test
  void appRoleWhenUpdatingDeletingOrTruncatingAnAppendOnlyTableThenPermissionDenied() {
    APPEND_ONLY.forEach((table, column) -> {
      for (String sql : List.of("UPDATE " + table + " SET " + column + " = " + column, "DELETE FROM " + table,
          "TRUNCATE " + table)) {
        Throwable e = refused(app, sql);
        assertThat(e).as(sql).isNotNull();
        assertThat(((SQLException) e).getSQLState()).as(sql).isEqualTo("42501");
        assertThat(e.getMessage()).as(sql).contains("permission denied for table " + table);
      }
      assertThat(owner.sql("SELECT count(*)::int FROM " + table).query(Integer.class).single()).as(table).isEqualTo(1);
    });
  }

  @Test
  void appRoleWhenDroppingOrDisablingTheTriggersThenMustBeOwner() {
    List<String[]> triggers = owner.sql("""
            SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
            WHERE NOT t.tgisinternal AND c.relname IN ('number_events', 'release_refusals', 'disclosure_releases',
                                                        'approval_evidence_spent')""")
        .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).list();
    assertThat(triggers).hasSize(8);
    for (String[] trigger : triggers) {
      for (String sql : List.of("DROP TRIGGER " + trigger[1] + " ON " + trigger[0],
          "ALTER TABLE " + trigger[0] + " DISABLE TRIGGER " + trigger[1],
          "ALTER TABLE " + trigger[0] + " DISABLE TRIGGER ALL",
          "ALTER TABLE " + trigger[0] + " OWNER TO " + TestDatabase.APP_ROLE,
          "DROP TABLE " + trigger[0])) {
        Throwable e = refused(app, sql);
        assertThat(e).as(sql).isNotNull();
        assertThat(((SQLException) e).getSQLState()).as(sql).isEqualTo("42501");
        // "must be owner of table x" (ALTER, DROP TABLE) or "... of relation x" (DROP TRIGGER).
        assertThat(e.getMessage()).as(sql).containsPattern("must be owner of (table|relation) " + trigger[0] + "\\b");
      }
    }
    for (String function : List.of("append_only", "number_events_append_only")) {
      for (String sql : List.of("DROP FUNCTION " + function + "() CASCADE", "CREATE OR REPLACE FUNCTION " + function
          + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$")) {
        Throwable e = refused(app, sql);
        assertThat(e).as(sql).isNotNull();
        assertThat(((SQLException) e).getSQLState()).as(sql).isEqualTo("42501");
        // DROP: not its function; CREATE OR REPLACE: no CREATE in the schema, checked first.
        assertThat(e.getMessage()).as(sql)
            .containsAnyOf("must be owner of function " + function, "permission denied for schema public");
      }
    }
    assertThat(owner.sql("""
            SELECT count(*)::int FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
            WHERE NOT t.tgisinternal AND t.tgenabled = 'O' AND c.relname IN ('number_events', 'release_refusals',
                'disclosure_releases', 'approval_evidence_spent')""").query(Integer.class).single()).isEqualTo(8);
  }

  @Test
  void appRoleWhenCreatingAnythingThenPermissionDenied() {
    Throwable e = refused(app, "CREATE TABLE release_refusals_copy (id bigint)");
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("permission denied for schema public");
  }

  @Test
  void appRoleOwnsNothingAndHoldsExactlyWhatTheCodeNeeds() {
    assertThat(owner.sql("""
            SELECT count(*)::int FROM pg_class WHERE relowner = ?::regrole
            """).param(TestDatabase.APP_ROLE).query(Integer.class).single()).isZero();
    assertThat(owner.sql("SELECT count(*)::int FROM pg_proc WHERE proowner = ?::regrole")
        .param(TestDatabase.APP_ROLE).query(Integer.class).single()).isZero();

    Map<String, String> tables = new TreeMap<>();
    owner.sql("""
            SELECT c.relname, string_agg(a.privilege_type, ',' ORDER BY a.privilege_type)
            FROM pg_class c, aclexplode(c.relacl) a
            WHERE a.grantee = ?::regrole AND c.relnamespace = 'public'::regnamespace GROUP BY c.relname""")
        .param(TestDatabase.APP_ROLE).query((rs, n) -> tables.put(rs.getString(1), rs.getString(2))).list();
    Map<String, String> columns = new TreeMap<>();
    owner.sql("""
            SELECT c.relname || '.' || a.privilege_type, string_agg(att.attname, ',' ORDER BY att.attname)
            FROM pg_attribute att JOIN pg_class c ON c.oid = att.attrelid, aclexplode(att.attacl) a
            WHERE a.grantee = ?::regrole AND c.relnamespace = 'public'::regnamespace
            GROUP BY c.relname, a.privilege_type""")
        .param(TestDatabase.APP_ROLE).query((rs, n) -> columns.put(rs.getString(1), rs.getString(2))).list();

    // Append-only tables: no UPDATE, DELETE or TRUNCATE; release_refusals is only ever added to.
    // No table: TRUNCATE, REFERENCES or TRIGGER. No sequence and no schema history.
    assertThat(tables).isEqualTo(new TreeMap<>(Map.ofEntries(
        Map.entry("accounts", "INSERT,SELECT"),
        Map.entry("phone_bindings", "INSERT,SELECT"),
        Map.entry("persons", "INSERT,SELECT"),
        Map.entry("pairwise_subjects", "INSERT,SELECT"),
        Map.entry("person_bindings", "INSERT,SELECT"),
        Map.entry("number_events", "INSERT,SELECT"),
        Map.entry("disclosure_grant_replay", "DELETE,INSERT,SELECT"),
        Map.entry("disclosure_releases", "INSERT,SELECT"),
        Map.entry("release_refusals", "INSERT"),
        Map.entry("issuer_keys", "DELETE,INSERT,SELECT"),
        Map.entry("approval_evidence_spent", "INSERT,SELECT"),
        Map.entry("real_name_failures", "DELETE,INSERT,SELECT"),
        // Events are deleted once webhook-dispatcher acknowledged them, never changed (V10).
        Map.entry("event_outbox", "DELETE,INSERT,SELECT"),
        Map.entry("coming_of_age_announced", "INSERT,SELECT"),
        // Imports (V11): completed and batches marked processed (column grants below), uploads
        // deleted once processed, outcomes only added; nothing else deleted.
        Map.entry("account_imports", "INSERT,SELECT"),
        Map.entry("import_batches", "INSERT,SELECT"),
        Map.entry("import_uploads", "DELETE,INSERT,SELECT"),
        Map.entry("import_line_outcomes", "INSERT,SELECT"),
        // Hosted verification (V12): return URLs added and deleted, never changed; sessions change
        // status (column grants below) and are deleted a day after they ended.
        Map.entry("return_urls", "DELETE,INSERT,SELECT"),
        Map.entry("verification_sessions", "DELETE,INSERT,SELECT"))));
    // UPDATE only of the columns the code changes, or of one harmless column where it only locks rows.
    assertThat(columns).isEqualTo(new TreeMap<>(Map.of(
        "accounts.UPDATE", "created_at",
        "phone_bindings.UPDATE", "revoke_reason,revoked_at",
        "persons.UPDATE", "created_at",
        "person_bindings.UPDATE", "end_reason,ended_at",
        "issuer_keys.UPDATE", "first_seen_at,jwk,last_seen_at,mac",
        "real_name_failures.UPDATE", "changed_at,failures,pending",
        "account_imports.UPDATE", "completed_at",
        "import_batches.UPDATE", "lines_bound,lines_refused,processed_at,refused_counts,refused_reasons",
        "verification_sessions.UPDATE", "finished_at,guardian_required,launch_hash,opened_at,outcome,"
            + "real_name_submissions,redeemed_at,result_expires_at,result_hash,secret_hash,status")));
  }
}
