package org.idnet.identity.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.identity.store.StoreFixture.NOW;
import static org.idnet.identity.store.StoreFixture.request;
import static org.idnet.identity.store.StoreFixture.unique;

import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.idnet.identity.TestCitizens;
import org.idnet.identity.TestDatabase;
import org.idnet.identity.domain.AccountRef;
import org.idnet.identity.domain.NumberEvent;
import org.idnet.identity.domain.NumberEventType;
import org.idnet.identity.domain.RealNameOutcome;
import org.idnet.identity.domain.VerificationLevel;
import org.idnet.identity.domain.VerificationStatus;
import org.idnet.phone.PhoneNumber;
import org.idnet.stores.LocalPostgres;
import org.idnet.stores.TestStores;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A database made before V8, when identity-service ran as the owner of its schema, keeps working
 * after the upgrade with the service as its application role: what was written before is read and
 * changed as before, and from then on the append-only tables are out of the service's reach. From
 * each starting point the README names (configuration, upgrading to the role split).
 */
class SingleRoleUpgradeTest {

  private static final AtomicInteger ROLES = new AtomicInteger();

  enum Start {
    /** The sandbox's data folder: everything owned by the embedded server's superuser, which still migrates. */
    SANDBOX_FOLDER,
    /** Production, keeping the role the service ran as as the migrating owner (IDNET_IDENTITY_DB_OWNER=identity). */
    KEEP_OWNER,
    /** Production, handing the schema to a new owner (REASSIGN OWNED), after which the old role is dropped. */
    NEW_OWNER
  }

  @ParameterizedTest
  @EnumSource(Start.class)
  void upgradeWhenTheServiceRanAsTheOwnerThenItsRowsServeTheApplicationRole(Start start) throws Exception {
    LocalPostgres postgres = TestStores.postgres();
    String url = TestStores.newDatabase("identity_upgrade");
    String database = url.substring(url.lastIndexOf('/') + 1);
    JdbcClient superuser = JdbcClient.create(new DriverManagerDataSource(url, postgres.user(), postgres.password()));
    String old = start == Start.SANDBOX_FOLDER ? postgres.user() : role("identity_legacy");
    String oldPassword = start == Start.SANDBOX_FOLDER ? postgres.password() : "legacy-password";
    if (start != Start.SANDBOX_FOLDER) {
      // As CloudNativePG creates it: the application database owned by the one role the service used.
      postgres.ensureLoginRole(old, oldPassword);
      superuser.sql("ALTER DATABASE " + database + " OWNER TO " + old).update();
    }
    KeyProvider keys = StoreFixture.newKeys();
    String alice = unique("alice");
    String bob = unique("bob");

    // Before: schema version 7, the service connected as the owner and wrote rows of every kind.
    // This release's stores also write the event outbox (V10), which the release before V8 did not:
    // a stand-in table outside the schema takes their events, and goes before the upgrade. Likewise a
    // carrier's revocation reads phone_bindings.platform_verified_at (V11): a stand-in column, dropped
    // before the upgrade adds the real one.
    superuser.sql("CREATE SCHEMA before_outbox AUTHORIZATION " + old).update();
    try (HikariDataSource before = TestDatabase.pool(url, old, oldPassword)) {
      before.setConnectionInitSql("SET search_path = public, before_outbox");
      TestDatabase.flyway(before, keys).target("7").load().migrate();
      JdbcClient.create(before).sql("""
          CREATE TABLE before_outbox.event_outbox (position bigint GENERATED ALWAYS AS IDENTITY, event_id uuid,
                                                   account uuid, type text, reason text, occurred_at timestamptz)""")
          .update();
      JdbcClient.create(before).sql("ALTER TABLE phone_bindings ADD COLUMN platform_verified_at timestamptz").update();
      StoreFixture service = new StoreFixture(before, keys);
      service.store.bind(request("platform-a", alice, "+84935550101", unique("v")), NOW);
      assertThat(service.link("platform-a", alice, TestCitizens.bornIn(1980))).isInstanceOf(RealNameOutcome.Linked.class);
      service.store.bind(request("platform-a", bob, "+84935550102", unique("v")), NOW);
      service.numberEvents.record(new NumberEvent("carrier-1", new PhoneNumber("+84935550102"),
          NumberEventType.DISCONNECTED, NOW.plusSeconds(1)), NOW.plusSeconds(2));
      JdbcClient.create(before).sql("INSERT INTO release_refusals (at, reason) VALUES (now(), 'grant-refused')").update();
    }

    superuser.sql("DROP SCHEMA before_outbox CASCADE").update();
    superuser.sql("ALTER TABLE phone_bindings DROP COLUMN platform_verified_at").update();
    // The upgrade: the new roles, then the service's migrations as the owner (V8 grants the app role).
    String owner = old;
    String ownerPassword = oldPassword;
    if (start == Start.NEW_OWNER) {
      owner = role("identity_owner");
      ownerPassword = "owner-password";
      postgres.ensureLoginRole(owner, ownerPassword);
      superuser.sql("REASSIGN OWNED BY " + old + " TO " + owner).update();
    }
    DataSource migrating = new DriverManagerDataSource(url, owner, ownerPassword);
    TestDatabase.flyway(migrating, keys).load().migrate();
    if (start == Start.NEW_OWNER) {
      // Nothing depends on the old role any more.
      superuser.sql("DROP OWNED BY " + old).update();
      superuser.sql("DROP ROLE " + old).update();
    }

    // After: the service as its application role.
    try (HikariDataSource app = TestDatabase.appPool(url)) {
      StoreFixture service = new StoreFixture(app, keys);
      var standings = service.standings.read("platform-a", List.of(alice, bob), NOW.plusSeconds(3));
      assertThat(standings.get(alice).level()).isEqualTo(VerificationLevel.REAL_NAME);
      assertThat(standings.get(bob).status()).isEqualTo(VerificationStatus.REVOKED);
      service.store.bind(request("platform-a", alice, "+84935550103", unique("v")), NOW.plusSeconds(4));
      assertThat(service.numberEvents.record(new NumberEvent("carrier-1", new PhoneNumber("+84935550103"),
          NumberEventType.REASSIGNED, NOW.plusSeconds(5)), NOW.plusSeconds(6)))
          .containsExactly(new AccountRef("platform-a", alice));
      assertThat(service.revokeReasons("platform-a", alice)).containsExactly("replaced", "number-reassigned");

      Throwable rewrite = ApplicationRolePrivilegesTest.refused(app, "DELETE FROM number_events");
      assertThat(rewrite).isNotNull().hasMessageContaining("permission denied for table number_events");
      Throwable drop = ApplicationRolePrivilegesTest.refused(app,
          "DROP TRIGGER number_events_no_update_delete ON number_events");
      assertThat(drop).isNotNull().hasMessageContaining("must be owner");
      assertThat(superuser.sql("SELECT count(*)::int FROM number_events").query(Integer.class).single()).isEqualTo(2);
      assertThat(superuser.sql("SELECT count(*)::int FROM release_refusals").query(Integer.class).single()).isEqualTo(1);
    }
    assertThat(superuser.sql("SELECT installed_by FROM flyway_schema_history WHERE version = '8' AND success")
        .query(String.class).single()).isEqualTo(owner);
    assertThat(superuser.sql("SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'number_events'")
        .query(String.class).single()).isEqualTo(owner);
  }

  private static String role(String prefix) {
    return prefix + "_" + ProcessHandle.current().pid() + "_" + ROLES.incrementAndGet();
  }
}
