package org.idnet.identity.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.idnet.identity.domain.ImportBatch;
import org.idnet.identity.domain.ImportId;
import org.idnet.identity.domain.ImportLine;
import org.idnet.identity.domain.ImportLineRules;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** Import stores over a {@link StoreFixture}'s database and keys, and lines to import. */
final class ImportFixture implements AutoCloseable {

  static final Duration MAX_AGE = Duration.ofDays(180);
  static final ImportLineRules RULES = new ImportLineRules(MAX_AGE);

  final StoreFixture db;
  final JdbcImportStore imports;
  final JdbcImportQueue queue;
  final FieldCipher cipher;

  ImportFixture(String prefix) {
    this(new StoreFixture(prefix));
  }

  /** Over the database and keys of {@code db}, e.g. ones another process uses too. */
  ImportFixture(StoreFixture db) {
    this(db, org.idnet.identity.domain.ImportLimits.generous());
  }

  ImportFixture(StoreFixture db, org.idnet.identity.domain.ImportLimits limits) {
    this.db = db;
    var transactions = new DataSourceTransactionManager(db.dataSource);
    this.cipher = new FieldCipher(db.keys);
    this.imports = new JdbcImportStore(db.dataSource, transactions, cipher, db.blindIndex, limits);
    this.queue = new JdbcImportQueue(db.dataSource, transactions, cipher, db.blindIndex);
  }

  ImportId open(String platform) {
    return imports.create(platform, Optional.empty(), StoreFixture.NOW).id();
  }

  /** A number no other test uses: carrier events are per number, across platforms. */
  static String freshPhone() {
    // +84 98x: a valid mobile range of Viet Nam (imports refuse numbers that are not).
    return "+8498" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
  }

  static ImportLine line(int number, String account, String phone, Instant verifiedAt) {
    return new ImportLine(number, account, phone, Optional.ofNullable(verifiedAt));
  }

  /** {@code count} well-formed lines numbered from {@code first}, each a new account and number. */
  static List<ImportLine> goodLines(int first, int count, Instant verifiedAt) {
    List<ImportLine> lines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      lines.add(line(first + i, StoreFixture.unique("acct"), freshPhone(), verifiedAt));
    }
    return lines;
  }

  static ImportBatch batch(String platform, ImportId id, int number, List<ImportLine> lines) {
    return new ImportBatch(platform, id, number, lines);
  }

  /** Processes every waiting batch; how many were. */
  int drain(Instant now) {
    int batches = 0;
    while (queue.processNext(RULES, now).isPresent()) {
      batches++;
    }
    return batches;
  }

  @Override
  public void close() {
    db.close();
  }
}
