package org.idnet.audit.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.KeysetHandle;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainVerifierTest {

  static final KeysetHandle KEYS = TestChains.newSigningKeyset();

  static Verification verify(List<AuditEntry> entries, AuditCheckpoint... checkpoints) {
    ChainVerifier verifier = new ChainVerifier(List.of(checkpoints));
    for (AuditEntry entry : entries) {
      if (!verifier.accept(entry)) {
        break;
      }
    }
    return verifier.finish();
  }

  @Test
  void verifyWhenChainIntactThenValidWithItsSize() {
    List<AuditEntry> chain = TestChains.chain(20);

    Verification v = verify(chain, TestChains.checkpoint(KEYS, chain, 10), TestChains.checkpoint(KEYS, chain, 20));

    assertThat(v).isEqualTo(Verification.ok(20));
    assertThat(v.badSeq()).isEmpty();
  }

  @Test
  void verifyWhenEmptyLogAndEmptyCheckpointThenValid() {
    assertThat(verify(List.of(), TestChains.checkpoint(KEYS, 0, Hash.ZERO)))
        .isEqualTo(Verification.ok(0));
  }

  @Test
  void verifyWhenOneFieldChangedThenBadAtThatSeq() {
    List<AuditEntry> chain = new ArrayList<>(TestChains.chain(20));
    chain.set(16, TestChains.withActor(chain.get(16), "officer-X"));

    Verification v = verify(chain);

    assertThat(v.valid()).isFalse();
    assertThat(v.firstBadSeq()).isEqualTo(17);
    assertThat(v.problem()).isEqualTo("hash mismatch");
    assertThat(v.size()).isEqualTo(16);
  }

  @Test
  void verifyWhenEntryMissingThenBadAtTheMissingSeq() {
    List<AuditEntry> chain = new ArrayList<>(TestChains.chain(20));
    chain.remove(6);

    Verification v = verify(chain);

    assertThat(v.firstBadSeq()).isEqualTo(7);
    assertThat(v.problem()).isEqualTo("missing entry");
  }

  @Test
  void verifyWhenTwoEntriesSwapContentsThenBadAtTheFirst() {
    List<AuditEntry> chain = new ArrayList<>(TestChains.chain(20));
    AuditEntry fifth = chain.get(4);
    AuditEntry ninth = chain.get(8);
    chain.set(4, new AuditEntry(5, ninth.at(), ninth.type(), ninth.actor(), ninth.agencyId(), ninth.requestId(),
        ninth.prevHash(), ninth.hash()));
    chain.set(8, new AuditEntry(9, fifth.at(), fifth.type(), fifth.actor(), fifth.agencyId(), fifth.requestId(),
        fifth.prevHash(), fifth.hash()));

    Verification v = verify(chain);

    assertThat(v.firstBadSeq()).isEqualTo(5);
    assertThat(v.problem()).isEqualTo("previous hash mismatch");
  }

  @Test
  void verifyWhenTailTruncatedAfterCheckpointThenShorterThanCheckpoint() {
    List<AuditEntry> chain = TestChains.chain(20);
    AuditCheckpoint at20 = TestChains.checkpoint(KEYS, chain, 20);

    Verification v = verify(chain.subList(0, 15), at20);

    assertThat(v.valid()).isFalse();
    assertThat(v.size()).isEqualTo(15);
    assertThat(v.firstBadSeq()).isEqualTo(16);
    assertThat(v.problem()).startsWith("shorter than checkpoint");
  }

  @Test
  void verifyWhenChainRewrittenConsistentlyThenBadAfterTheLastMatchingCheckpoint() {
    List<AuditEntry> chain = TestChains.chain(20);
    AuditCheckpoint at10 = TestChains.checkpoint(KEYS, chain, 10);
    AuditCheckpoint at20 = TestChains.checkpoint(KEYS, chain, 20);
    // Entry 14 rewritten and every later hash recomputed: the chain alone looks fine.
    List<AuditEntry> rewritten = new ArrayList<>(chain.subList(0, 13));
    Hash prev = chain.get(12).hash();
    for (int seq = 14; seq <= 20; seq++) {
      AuditEntry original = chain.get(seq - 1);
      AuditEntry e = TestChains.entry(seq, prev, original.type(), seq == 14 ? "someone-else" : original.actor(),
          original.agencyId(), original.requestId());
      rewritten.add(e);
      prev = e.hash();
    }

    assertThat(verify(rewritten).valid()).isTrue();
    Verification v = verify(rewritten, at10, at20);
    assertThat(v.firstBadSeq()).isEqualTo(11);
    assertThat(v.problem()).isEqualTo("does not match checkpoint (size 20)");
  }

  @Test
  void verifyWhenPrevHashAlteredThenBadAtThatSeq() {
    List<AuditEntry> chain = new ArrayList<>(TestChains.chain(5));
    AuditEntry third = chain.get(2);
    chain.set(2, new AuditEntry(3, third.at(), third.type(), third.actor(), third.agencyId(), third.requestId(),
        Hash.ZERO, third.hash()));

    Verification v = verify(chain);

    assertThat(v.firstBadSeq()).isEqualTo(3);
    assertThat(v.problem()).isEqualTo("previous hash mismatch");
  }

  @Test
  void verifyWhenLogDoesNotStartAtOneThenFirstEntryIsMissing() {
    assertThat(verify(TestChains.chain(5).subList(1, 5)).firstBadSeq()).isEqualTo(1);
  }

  @Test
  void verifyWhenEntryRepeatedThenBadAtTheRepeat() {
    List<AuditEntry> chain = new ArrayList<>(TestChains.chain(5));
    chain.add(3, chain.get(2));

    Verification v = verify(chain);

    assertThat(v.firstBadSeq()).isEqualTo(3);
    assertThat(v.problem()).isEqualTo("duplicate or out-of-order entry");
  }
}
