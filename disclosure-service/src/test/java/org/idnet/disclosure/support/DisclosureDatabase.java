package org.idnet.disclosure.support;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import java.security.GeneralSecurityException;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.idnet.disclosure.requests.store.RequestTargetsMigration;
import org.idnet.disclosure.requests.store.TargetSealer;
import org.idnet.keysets.TinkRegistration;
import org.idnet.stores.LocalPostgres;
import org.idnet.stores.TestStores;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A fresh disclosure database on the shared test PostgreSQL, set up as production runs it: the
 * schema migrated by the owner, the service connected as the application role, which holds only
 * the rights the migrations grant it (no UPDATE or DELETE on the audit log).
 *
 * @param jdbcUrl the database
 * @param owner the migrating (owning) login: for set-up and for tampering in tests
 * @param app the service's own login, as {@code spring.datasource} uses it
 */
public record DisclosureDatabase(String jdbcUrl, DataSource owner, DataSource app) {

  public static final String APP_ROLE = "idnet_disclosure_app";
  public static final String APP_PASSWORD = "test-only-disclosure-app-password";

  /** Creates and migrates a new database; the application role is created once per cluster. */
  public static DisclosureDatabase create() {
    DisclosureDatabase db = empty();
    // The Java migrations need the keys only to convert existing rows: none here.
    db.flyway(newTargetSealer()).load().migrate();
    return db;
  }

  /** Creates a new database without any schema. */
  public static DisclosureDatabase empty() {
    LocalPostgres postgres = TestStores.postgres();
    String url = TestStores.newDatabase("disclosure");
    postgres.ensureLoginRole(APP_ROLE, APP_PASSWORD);
    return new DisclosureDatabase(url, new DriverManagerDataSource(url, postgres.user(), postgres.password()),
        new DriverManagerDataSource(url, APP_ROLE, APP_PASSWORD));
  }

  /** Flyway as the service configures it, run by the owner: the SQL scripts and the Java migrations. */
  public FluentConfiguration flyway(TargetSealer targets) {
    LocalPostgres postgres = TestStores.postgres();
    return Flyway.configure().dataSource(jdbcUrl, postgres.user(), postgres.password())
        .locations("classpath:db/migration")
        .placeholders(Map.of("app_role", APP_ROLE))
        .javaMigrations(new RequestTargetsMigration(targets));
  }

  /** Fresh account-index and request-field keys. */
  public static TargetSealer newTargetSealer() {
    TinkRegistration.ensure();
    try {
      return new TargetSealer(KeysetHandle.generateNew(PredefinedPrfParameters.HMAC_SHA256_PRF),
          KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Spring properties that point a booted service at this database, as the sandbox does. */
  public Map<String, String> springProperties() {
    LocalPostgres postgres = TestStores.postgres();
    return Map.of(
        "spring.datasource.url", jdbcUrl,
        "spring.datasource.username", APP_ROLE,
        "spring.datasource.password", APP_PASSWORD,
        "spring.flyway.user", postgres.user(),
        "spring.flyway.password", postgres.password());
  }
}
