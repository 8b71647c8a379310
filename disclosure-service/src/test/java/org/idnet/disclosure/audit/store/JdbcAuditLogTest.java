package org.idnet.disclosure.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.idnet.audit.verifier.AuditCanonical;
import org.idnet.audit.verifier.AuditEntry;
import org.idnet.audit.verifier.Hash;
import org.idnet.audit.verifier.Verification;
import org.idnet.disclosure.audit.AuditFixture;
import org.idnet.disclosure.audit.domain.AuditEvent;
import org.idnet.disclosure.audit.domain.ChainHead;
import org.idnet.disclosure.audit.domain.EntryPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Appends against a real PostgreSQL, as the service's own role. */
class JdbcAuditLogTest {

  static final Instant NOW = Instant.parse("2026-03-04T05:06:07.123456789Z");

  AuditFixture audit = AuditFixture.create(Clock.fixed(NOW, ZoneOffset.UTC), null);

  @AfterEach
  void close() {
    audit.close();
  }

  List<AuditEntry> all() {
    return audit.history.page(new EntryPage(1, 1000));
  }

  @Test
  void appendWhenCommittedThenEntriesChainFromZeroWithMicrosecondTimes() {
    audit.append(3);

    List<AuditEntry> entries = all();
    assertThat(entries).extracting(AuditEntry::seq).containsExactly(1L, 2L, 3L);
    assertThat(entries.getFirst().prevHash()).isEqualTo(Hash.ZERO);
    Hash prev = Hash.ZERO;
    for (AuditEntry entry : entries) {
      assertThat(entry.prevHash()).isEqualTo(prev);
      assertThat(entry.hash()).isEqualTo(AuditCanonical.chain(prev, entry));
      prev = entry.hash();
    }
    AuditEvent second = AuditFixture.event(1);
    assertThat(entries.get(1)).satisfies(e -> {
      assertThat(e.at()).isEqualTo(Instant.parse("2026-03-04T05:06:07.123456Z"));
      assertThat(e.type()).isEqualTo(second.type().name());
      assertThat(e.actor()).isEqualTo(second.actor());
      assertThat(e.agencyId()).isEqualTo(second.agencyId());
      assertThat(e.requestId()).isEqualTo(second.requestId().toString());
    });
    assertThat(audit.history.head()).isEqualTo(new ChainHead(3, prev));
  }

  @Test
  void appendWhenTransactionRolledBackThenNoEntryAndNoGap() {
    audit.tx.executeWithoutResult(status -> {
      audit.log.append(AuditFixture.event(0));
      status.setRollbackOnly();
    });
    assertThatThrownBy(() -> audit.tx.executeWithoutResult(status -> {
      audit.log.append(AuditFixture.event(1));
      // The change the entry records fails after the append: both must go.
      throw new IllegalStateException("the state change failed");
    })).hasMessage("the state change failed");

    assertThat(all()).isEmpty();
    assertThat(audit.history.head()).isEqualTo(new ChainHead(0, Hash.ZERO));

    audit.append(1);
    assertThat(all()).extracting(AuditEntry::seq).containsExactly(1L);
  }

  @Test
  void appendWhenNoTransactionThenFailsLoudlyAndWritesNothing() {
    assertThatThrownBy(() -> audit.log.append(AuditFixture.event(0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("outside a transaction");

    assertThat(all()).isEmpty();
  }

  @Test
  void appendWhenManyThreadsAtOnceThenNoGapsAndAValidChain() throws Exception {
    int threads = 8;
    int each = 15;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      done.add(pool.submit(() -> {
        start.await();
        audit.append(each);
        return null;
      }));
    }
    start.countDown();
    for (Future<?> f : done) {
      f.get(90, TimeUnit.SECONDS);
    }
    pool.shutdown();

    assertThat(all()).extracting(AuditEntry::seq)
        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, threads * each).boxed().toList());
    assertThat(audit.verifier.verify()).isEqualTo(Verification.ok(threads * each));
  }
}
