package org.idnet.identity.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.idnet.identity.store.ImportFixture.batch;
import static org.idnet.identity.store.ImportFixture.goodLines;
import static org.idnet.identity.store.StoreFixture.NOW;
import static org.idnet.identity.store.StoreFixture.unique;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.idnet.identity.domain.BatchReceipt;
import org.idnet.identity.domain.FailureReason;
import org.idnet.identity.domain.IdentityException;
import org.idnet.identity.domain.ImportId;
import org.idnet.identity.domain.ImportLimits;
import org.idnet.identity.domain.ImportLine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a platform may keep in the store through imports, against a real PostgreSQL: imports open at
 * once and batches waiting for processing are bounded per platform; a refusal stores nothing, and
 * repeats of what is stored are still answered.
 */
class ImportLimitsTest {

  static final Instant VERIFIED = NOW.minus(Duration.ofDays(30));
  static final ImportLimits LIMITS = new ImportLimits(2, 3, Duration.ofSeconds(7));
  static ImportFixture f;

  @BeforeAll
  static void start() {
    f = new ImportFixture(new StoreFixture("identity_import_limits"), LIMITS);
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @Test
  void createWhenThePlatformHasAsManyOpenImportsAsItMayThenRefusedUntilOneIsCompleted() {
    String platform = unique("platform");
    ImportId first = f.imports.create(platform, Optional.of("key-1"), NOW).id();
    f.imports.create(platform, Optional.empty(), NOW);

    IdentityException refused = catchThrowableOfType(IdentityException.class,
        () -> f.imports.create(platform, Optional.of("key-3"), NOW));
    ImportId repeat = f.imports.create(platform, Optional.of("key-1"), NOW).id();
    ImportId otherPlatforms = f.imports.create(unique("platform"), Optional.empty(), NOW).id();
    f.imports.complete(platform, first, NOW);
    ImportId afterCompletion = f.imports.create(platform, Optional.of("key-3"), NOW).id();

    assertThat(refused.reason()).isEqualTo(FailureReason.TOO_MANY_OPEN_IMPORTS);
    assertThat(refused.getMessage()).contains("complete one");
    assertThat(repeat).isEqualTo(first);
    assertThat(otherPlatforms).isNotNull();
    assertThat(afterCompletion).isNotEqualTo(first);
    assertThat(f.db.count("SELECT count(*)::int FROM account_imports WHERE platform_id = ?", platform)).isEqualTo(3);
  }

  @Test
  void createWhenManyArriveAtOnceThenNoMoreThanTheLimitAreOpened() throws Exception {
    String platform = unique("platform");
    List<Callable<Boolean>> creations = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      creations.add(() -> {
        try {
          f.imports.create(platform, Optional.empty(), NOW);
          return true;
        } catch (IdentityException e) {
          assertThat(e.reason()).isEqualTo(FailureReason.TOO_MANY_OPEN_IMPORTS);
          return false;
        }
      });
    }

    List<Boolean> created = StoreFixture.inParallel(creations);

    assertThat(created.stream().filter(Boolean::booleanValue).count()).isEqualTo(2);
    assertThat(f.db.count("SELECT count(*)::int FROM account_imports WHERE platform_id = ?", platform)).isEqualTo(2);
  }

  @Test
  void addBatchWhenThePlatformsBacklogIsFullThenRetryAfterAndNothingStoredUntilProcessed() {
    String platform = unique("platform");
    ImportId id = f.open(platform);
    List<ImportLine> first = goodLines(1, 10, VERIFIED);
    BatchReceipt stored = f.imports.addBatch(batch(platform, id, 1, first), NOW);
    f.imports.addBatch(batch(platform, id, 2, goodLines(11, 10, VERIFIED)), NOW);
    ImportId second = f.open(platform);
    f.imports.addBatch(batch(platform, second, 1, goodLines(1, 10, VERIFIED)), NOW);
    List<ImportLine> fourth = goodLines(21, 10, VERIFIED);

    IdentityException refused = catchThrowableOfType(IdentityException.class,
        () -> f.imports.addBatch(batch(platform, id, 3, fourth), NOW));
    BatchReceipt repeat = f.imports.addBatch(batch(platform, id, 1, first), NOW.plusSeconds(1));
    String other = unique("platform");
    ImportId othersImport = f.open(other);
    f.imports.addBatch(batch(other, othersImport, 1, goodLines(1, 10, VERIFIED)), NOW);

    assertThat(refused.reason()).isEqualTo(FailureReason.IMPORT_BACKLOG_FULL);
    assertThat(refused.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(repeat).isEqualTo(stored);
    assertThat(f.db.count("SELECT count(*)::int FROM import_batches WHERE import = ? AND batch_number = 3",
        id.uuid())).isZero();
    assertThat(f.db.count("""
        SELECT count(*)::int FROM import_uploads u JOIN import_batches b ON b.id = u.batch
        JOIN account_imports i ON i.id = b.import WHERE i.platform_id = ?""", platform)).isEqualTo(3);

    f.drain(NOW.plusSeconds(2));
    BatchReceipt afterProcessing = f.imports.addBatch(batch(platform, id, 3, fourth), NOW.plusSeconds(3));

    assertThat(afterProcessing.lineCount()).isEqualTo(10);
  }
}
