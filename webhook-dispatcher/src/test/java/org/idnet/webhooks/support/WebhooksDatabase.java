package org.idnet.webhooks.support;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import java.security.GeneralSecurityException;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.idnet.keysets.TinkRegistration;
import org.idnet.stores.LocalPostgres;
import org.idnet.stores.TestStores;
import org.idnet.webhooks.store.AccountOrderKey;
import org.idnet.webhooks.store.RowCipher;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A fresh webhooks database on the shared test PostgreSQL, set up as production runs it: migrated
 * by the owner, used by the application role with only the rights the migration grants; and fresh
 * keys.
 */
public record WebhooksDatabase(String jdbcUrl, DataSource owner, DataSource app, DataSourceTransactionManager transactions,
    RowCipher cipher, AccountOrderKey accountOrder) {

  public static final String APP_ROLE = "idnet_webhooks_app";
  public static final String APP_PASSWORD = "test-only-webhooks-app-password";

  public static WebhooksDatabase create() {
    LocalPostgres postgres = TestStores.postgres();
    String url = TestStores.newDatabase("webhooks");
    postgres.ensureLoginRole(APP_ROLE, APP_PASSWORD);
    Flyway.configure().dataSource(url, postgres.user(), postgres.password()).locations("classpath:db/migration")
        .placeholders(Map.of("app_role", APP_ROLE)).load().migrate();
    DataSource app = new DriverManagerDataSource(url, APP_ROLE, APP_PASSWORD);
    TinkRegistration.ensure();
    try {
      return new WebhooksDatabase(url, new DriverManagerDataSource(url, postgres.user(), postgres.password()), app,
          new DataSourceTransactionManager(app),
          new RowCipher(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)),
          new AccountOrderKey(KeysetHandle.generateNew(PredefinedPrfParameters.HMAC_SHA256_PRF)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A new database without any schema, for a migration to make; its keys are not used. */
  public static WebhooksDatabase emptyForMigration() {
    LocalPostgres postgres = TestStores.postgres();
    String url = TestStores.newDatabase("webhooks");
    postgres.ensureLoginRole(APP_ROLE, APP_PASSWORD);
    DataSource app = new DriverManagerDataSource(url, APP_ROLE, APP_PASSWORD);
    return new WebhooksDatabase(url, new DriverManagerDataSource(url, postgres.user(), postgres.password()), app,
        new DataSourceTransactionManager(app), null, null);
  }

  /** Spring properties that point a booted dispatcher at this database, as the sandbox does. */
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
