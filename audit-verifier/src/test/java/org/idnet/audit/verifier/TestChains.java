package org.idnet.audit.verifier;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import com.google.crypto.tink.signature.SignatureConfig;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Valid chains and signed checkpoints built the way the service builds them. */
final class TestChains {

  static final Instant START = Instant.parse("2026-03-04T05:06:07.123456Z");

  private TestChains() {
  }

  static List<AuditEntry> chain(int size) {
    List<AuditEntry> entries = new ArrayList<>();
    Hash prev = Hash.ZERO;
    for (int seq = 1; seq <= size; seq++) {
      AuditEntry entry = entry(seq, prev, "REQUEST_CREATED", "officer-" + seq, "agency-1",
          UUID.nameUUIDFromBytes(("r" + seq).getBytes()).toString());
      entries.add(entry);
      prev = entry.hash();
    }
    return entries;
  }

  static AuditEntry entry(long seq, Hash prev, String type, String actor, String agency, String requestId) {
    Instant at = START.plus(Duration.ofSeconds(seq));
    Hash hash = AuditCanonical.chain(prev, AuditCanonical.entryBytes(seq, at, type, actor, agency, requestId));
    return new AuditEntry(seq, at, type, actor, agency, requestId, prev, hash);
  }

  /** The same entry with one field changed, hashes kept: what a tamperer with table access writes. */
  static AuditEntry withActor(AuditEntry e, String actor) {
    return new AuditEntry(e.seq(), e.at(), e.type(), actor, e.agencyId(), e.requestId(), e.prevHash(), e.hash());
  }

  static KeysetHandle newSigningKeyset() {
    try {
      SignatureConfig.register();
      return KeysetHandle.generateNew(PredefinedSignatureParameters.ED25519);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static AuditCheckpoint checkpoint(KeysetHandle signing, long size, Hash root) {
    try {
      Instant issuedAt = START.plus(Duration.ofDays(1));
      byte[] signature = signing.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class)
          .sign(AuditCanonical.checkpointBytes(size, root, issuedAt));
      return new AuditCheckpoint(size, root, issuedAt, signature,
          CheckpointSignatures.keyId(signing.getPrimary().getId()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static AuditCheckpoint checkpoint(KeysetHandle signing, List<AuditEntry> entries, int size) {
    return checkpoint(signing, size, size == 0 ? Hash.ZERO : entries.get(size - 1).hash());
  }

  static CheckpointSignatures publicKeys(KeysetHandle signing) {
    try {
      return new CheckpointSignatures(signing.getPublicKeysetHandle());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
