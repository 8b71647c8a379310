package org.idnet.identity.store;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Instant;
import org.idnet.identity.TestDatabase;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * A process that only processes import batches, as identity-service's job does, until none waits:
 * ImportCrashResumeTest kills it (SIGKILL) in the middle. Arguments: the database URL (the
 * application role's), the keyset directory, the processing time (epoch seconds).
 */
public final class ImportProcessingMain {

  private ImportProcessingMain() {
  }

  public static void main(String[] args) {
    try (HikariDataSource dataSource = TestDatabase.appPool(args[0])) {
      KeyProvider keys = VaultKeysets.plain(Path.of(args[1]), false);
      FieldCipher cipher = new FieldCipher(keys);
      JdbcImportQueue queue = new JdbcImportQueue(dataSource, new DataSourceTransactionManager(dataSource), cipher,
          new BlindIndex(keys));
      Instant now = Instant.ofEpochSecond(Long.parseLong(args[2]));
      int batches = 0;
      while (queue.processNext(ImportFixture.RULES, now).isPresent()) {
        batches++;
        System.out.println("processed " + batches);
      }
    }
  }
}
