package org.idnet.disclosure.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.idnet.audit.verifier.AuditCheckpoint;
import org.idnet.disclosure.audit.AuditFixture;
import org.idnet.disclosure.audit.domain.AuditCheckpointIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scheduled round over a real PostgreSQL: one checkpoint per growth, however many replicas. */
class JdbcAuditCheckpointsTest {

  AuditFixture audit = AuditFixture.create();

  @AfterEach
  void close() {
    audit.close();
  }

  @Test
  void issueIfGrownWhenLogEmptyOrUnchangedThenNothing() {
    assertThat(audit.issuer.issueIfGrown()).isEmpty();

    audit.append(3);
    assertThat(audit.issuer.issueIfGrown()).map(AuditCheckpoint::size).contains(3L);
    assertThat(audit.issuer.issueIfGrown()).isEmpty();

    audit.append(1);
    assertThat(audit.issuer.issueIfGrown()).map(AuditCheckpoint::size).contains(4L);
    assertThat(audit.checkpoints.all()).extracting(AuditCheckpoint::size).containsExactly(3L, 4L);
  }

  @Test
  void issueIfGrownWhenSeveralReplicasAtOnceThenOneCheckpoint() throws Exception {
    audit.append(7);
    int replicas = 6;
    ExecutorService pool = Executors.newFixedThreadPool(replicas);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Optional<AuditCheckpoint>>> rounds = new ArrayList<>();
    for (int i = 0; i < replicas; i++) {
      rounds.add(pool.submit(() -> {
        start.await();
        return audit.issuer.issueIfGrown();
      }));
    }
    start.countDown();
    int issued = 0;
    for (var round : rounds) {
      issued += round.get(60, TimeUnit.SECONDS).isPresent() ? 1 : 0;
    }
    pool.shutdown();

    assertThat(issued).isEqualTo(1);
    assertThat(audit.checkpoints.all()).singleElement().satisfies(c -> {
      assertThat(c.size()).isEqualTo(7);
      assertThat(audit.signer.signatures().verify(c)).isTrue();
    });
  }

  @Test
  void issueNowWhenUnchangedThenAnswersTheKeptCheckpointAndStoresNothingNew() {
    audit.append(2);

    AuditCheckpoint first = audit.issuer.issueNow();
    AuditCheckpoint again = audit.issuer.issueNow();
    audit.append(1);
    AuditCheckpoint grown = audit.issuer.issueNow();

    assertThat(again).usingRecursiveComparison().isEqualTo(first);
    assertThat(grown.size()).isEqualTo(3);
    assertThat(audit.signer.signatures().verify(grown)).isTrue();
    assertThat(audit.checkpoints.all()).extracting(AuditCheckpoint::size).containsExactly(2L, 3L);
  }

  @Test
  void issueNowAfterAKeyRotationThenSignsAnewWithTheNewPrimaryKey() throws Exception {
    audit.append(2);
    AuditCheckpoint before = audit.issuer.issueNow();
    KeysetHandle rotated = KeysetHandle.newBuilder(audit.keys)
        .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedSignatureParameters.ED25519).withRandomId()
            .makePrimary())
        .build();
    TinkCheckpointSigner signer = new TinkCheckpointSigner(rotated, java.time.Clock.systemUTC());

    AuditCheckpoint after = new AuditCheckpointIssuer(audit.history, audit.checkpoints, signer).issueNow();

    assertThat(after.keyId()).isEqualTo(signer.keyId()).isNotEqualTo(before.keyId());
    assertThat(signer.signatures().verify(after)).isTrue();
    assertThat(audit.checkpoints.all()).extracting(AuditCheckpoint::size).containsExactly(2L, 2L);
  }
}
