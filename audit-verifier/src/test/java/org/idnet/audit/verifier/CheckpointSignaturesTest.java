package org.idnet.audit.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointSignaturesTest {

  static final KeysetHandle KEYS = TestChains.newSigningKeyset();
  static final List<AuditEntry> CHAIN = TestChains.chain(3);

  @Test
  void verifyWhenSignedByThePublishedKeyThenTrue() throws Exception {
    AuditCheckpoint checkpoint = TestChains.checkpoint(KEYS, CHAIN, 3);
    String published = TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(KEYS.getPublicKeysetHandle());

    assertThat(CheckpointSignatures.fromPublicKeysetJson(published).verify(checkpoint)).isTrue();
  }

  @Test
  void verifyWhenSignedByAnotherKeyThenFalse() {
    AuditCheckpoint checkpoint = TestChains.checkpoint(TestChains.newSigningKeyset(), CHAIN, 3);

    assertThat(TestChains.publicKeys(KEYS).verify(checkpoint)).isFalse();
  }

  @Test
  void verifyWhenSizeRootOrTimeAlteredThenFalse() {
    AuditCheckpoint c = TestChains.checkpoint(KEYS, CHAIN, 3);
    CheckpointSignatures keys = TestChains.publicKeys(KEYS);

    assertThat(keys.verify(new AuditCheckpoint(2, c.rootHash(), c.issuedAt(), c.signature(), c.keyId()))).isFalse();
    assertThat(keys.verify(new AuditCheckpoint(3, CHAIN.get(1).hash(), c.issuedAt(), c.signature(), c.keyId())))
        .isFalse();
    assertThat(keys.verify(new AuditCheckpoint(3, c.rootHash(), c.issuedAt().plusNanos(1000), c.signature(),
        c.keyId()))).isFalse();
  }

  @Test
  void verifyWhenKeyIdNamesNoKeyOrIsNotANumberThenFalse() {
    AuditCheckpoint c = TestChains.checkpoint(KEYS, CHAIN, 3);
    CheckpointSignatures keys = TestChains.publicKeys(KEYS);
    String otherId = Integer.toUnsignedString(KEYS.getPrimary().getId() + 1);

    assertThat(keys.verify(new AuditCheckpoint(3, c.rootHash(), c.issuedAt(), c.signature(), otherId))).isFalse();
    assertThat(keys.verify(new AuditCheckpoint(3, c.rootHash(), c.issuedAt(), c.signature(), "key-1"))).isFalse();
  }

  @Test
  void verifyWhenKeysetHasSeveralKeysThenTheNamedOneDecides() throws Exception {
    KeysetHandle rotated = KeysetHandle.newBuilder(KEYS)
        .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedSignatureParameters.ED25519WithRawOutput)
            .withRandomId().makePrimary())
        .build();
    AuditCheckpoint old = TestChains.checkpoint(KEYS, CHAIN, 3);
    AuditCheckpoint fresh = TestChains.checkpoint(rotated, CHAIN, 3);
    CheckpointSignatures keys = TestChains.publicKeys(rotated);

    assertThat(keys.verify(old)).isTrue();
    assertThat(keys.verify(fresh)).isTrue();
    assertThat(keys.verify(new AuditCheckpoint(3, fresh.rootHash(), fresh.issuedAt(), fresh.signature(), old.keyId())))
        .isFalse();
  }

  @Test
  void fromPublicKeysetJsonWhenKeysetHoldsPrivateKeysThenRefused() throws Exception {
    String secret = TinkJsonProtoKeysetFormat.serializeKeyset(KEYS, InsecureSecretKeyAccess.get());

    assertThatThrownBy(() -> CheckpointSignatures.fromPublicKeysetJson(secret))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a public Tink keyset");
    assertThatThrownBy(() -> CheckpointSignatures.fromPublicKeysetJson("{}"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keyIdWhenTinkIdNegativeThenUnsignedDecimal() {
    assertThat(CheckpointSignatures.keyId(-1)).isEqualTo("4294967295");
  }
}
