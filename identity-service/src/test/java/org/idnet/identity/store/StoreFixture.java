package org.idnet.identity.store;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.idnet.identity.TestDatabase;
import org.idnet.identity.domain.AccountRef;
import org.idnet.identity.domain.AgeRule;
import org.idnet.identity.domain.PersonIdentity;
import org.idnet.identity.domain.PersonLink;
import org.idnet.identity.domain.PhoneBindingRequest;
import org.idnet.identity.domain.RealNameOutcome;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** A store over a fresh, migrated database with its own keys, and the SQL the tests inspect it with. */
final class StoreFixture implements AutoCloseable {

  static final Instant NOW = Instant.parse("2026-01-02T03:04:05.123456789Z");
  static final AgeRule AGES = new AgeRule(ZoneId.of("Asia/Ho_Chi_Minh"));
  /** idnet.identity.imports.imported-valid-for's default. */
  static final java.time.Duration IMPORTED_VALID_FOR = java.time.Duration.ofDays(365);

  final HikariDataSource dataSource;
  final KeyProvider keys;
  final BlindIndex blindIndex;
  final JdbcPhoneBindingStore store;
  final JdbcPersonStore persons;
  final JdbcAccountStandings standings;
  final JdbcNumberEventStore numberEvents;
  /** The service's own view: the application role. */
  final JdbcClient jdbc;
  /** The owning login: for what the service may not do (tampering as someone holding the database). */
  final JdbcClient owner;

  StoreFixture(String prefix) {
    this(TestDatabase.migrated(prefix));
  }

  StoreFixture(HikariDataSource dataSource) {
    this(dataSource, newKeys());
  }

  /** Stores over the same database with the given keys, e.g. after a rotation. */
  StoreFixture(HikariDataSource dataSource, KeyProvider keys) {
    this.dataSource = dataSource;
    this.keys = keys;
    this.blindIndex = new BlindIndex(keys);
    var transactions = new DataSourceTransactionManager(dataSource);
    FieldCipher cipher = new FieldCipher(keys);
    this.store = new JdbcPhoneBindingStore(dataSource, transactions, cipher, blindIndex);
    this.persons = new JdbcPersonStore(dataSource, transactions, cipher, blindIndex, new SubjectIds(keys), AGES);
    this.standings = new JdbcAccountStandings(dataSource, cipher, blindIndex, AGES, IMPORTED_VALID_FOR);
    this.numberEvents = new JdbcNumberEventStore(dataSource, transactions, blindIndex, cipher);
    this.jdbc = JdbcClient.create(dataSource);
    this.owner = TestDatabase.asOwner(dataSource);
  }

  /** Links an adult citizen to the account, as RegisterRealName does after confirmation. */
  RealNameOutcome link(String platform, String account, SyntheticPopulation.Citizen citizen) {
    return link(platform, account, citizen, null);
  }

  /** The same for a minor, whose guardian is another account of the platform. */
  RealNameOutcome link(String platform, String account, SyntheticPopulation.Citizen citizen, String guardian) {
    PersonIdentity identity = new PersonIdentity(citizen.nationalId(), citizen.fullName(), citizen.dateOfBirth());
    return persons.link(new PersonLink(new AccountRef(platform, account), identity,
        AGES.turns16In(citizen.dateOfBirth(), AGES.today(NOW)),
        Optional.ofNullable(guardian).map(g -> new AccountRef(platform, g)), 5), NOW);
  }

  static KeyProvider newKeys() {
    try {
      return VaultKeysets.plain(Files.createTempDirectory("identity-keys"), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  static PhoneBindingRequest request(String platform, String account, String phone, String verification) {
    return PhoneBindingRequest.of(platform, account, phone, verification);
  }

  int count(String sql, Object... params) {
    var statement = jdbc.sql(sql);
    for (Object param : params) {
      statement = statement.param(param);
    }
    return statement.query(Integer.class).single();
  }

  /** The account's blind index as accounts.account_blind_index stores it. */
  byte[] index(String platform, String account) {
    return blindIndex.of(AccountIds.PURPOSE, platform + "|" + account);
  }

  int accounts(String platform, String account) {
    return count("SELECT count(*)::int FROM accounts WHERE platform_id = ? AND account_blind_index = ?", platform,
        index(platform, account));
  }

  int bindings(String platform, String account) {
    return count("SELECT count(*)::int FROM phone_bindings b JOIN accounts a ON a.id = b.account "
        + "WHERE a.platform_id = ? AND a.account_blind_index = ?", platform, index(platform, account));
  }

  int activeBindings(String platform, String account) {
    return count("SELECT count(*)::int FROM phone_bindings b JOIN accounts a ON a.id = b.account "
        + "WHERE a.platform_id = ? AND a.account_blind_index = ? AND b.revoked_at IS NULL", platform,
        index(platform, account));
  }

  List<String> revokeReasons(String platform, String account) {
    return jdbc.sql("SELECT b.revoke_reason FROM phone_bindings b JOIN accounts a ON a.id = b.account "
            + "WHERE a.platform_id = ? AND a.account_blind_index = ? AND b.revoked_at IS NOT NULL ORDER BY b.revoked_at")
        .param(platform).param(index(platform, account)).query(String.class).list();
  }

  /** Runs the tasks on their own threads, released together, and returns their answers in order. */
  static <T> List<T> inParallel(List<Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(pool.submit(() -> {
          start.await();
          return task.call();
        }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
