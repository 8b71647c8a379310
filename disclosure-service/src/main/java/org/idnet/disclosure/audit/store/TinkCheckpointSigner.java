package org.idnet.disclosure.audit.store;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.signature.Ed25519PrivateKey;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.idnet.audit.verifier.AuditCanonical;
import org.idnet.audit.verifier.AuditCheckpoint;
import org.idnet.audit.verifier.CheckpointSignatures;
import org.idnet.disclosure.audit.domain.ChainHead;
import org.idnet.disclosure.audit.domain.CheckpointSigner;
import org.idnet.keysets.TinkRegistration;

/**
 * Signs checkpoints with the primary key of the audit keyset (Ed25519, as security.md requires),
 * over the canonical bytes the verifier module defines, and publishes the keyset's public half
 * (Tink).
 */
public final class TinkCheckpointSigner implements CheckpointSigner {

  private final PublicKeySign signer;
  private final String keyId;
  private final String publicKeysetJson;
  private final CheckpointSignatures verifier;
  private final Clock clock;

  /**
   * @throws IllegalArgumentException if the keyset's primary key is no Ed25519 private key (a
   *     mistake in key provisioning, better refused at start-up than found by an auditor)
   */
  public TinkCheckpointSigner(KeysetHandle auditSigning, Clock clock) {
    this.clock = clock;
    if (!(auditSigning.getPrimary().getKey() instanceof Ed25519PrivateKey)) {
      throw new IllegalArgumentException("the audit signing keyset's primary key must be an Ed25519 private key, not "
          + auditSigning.getPrimary().getKey().getClass().getSimpleName());
    }
    try {
      TinkRegistration.ensure();
      this.signer = auditSigning.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class);
      KeysetHandle publicKeys = auditSigning.getPublicKeysetHandle();
      this.publicKeysetJson = TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(publicKeys);
      this.verifier = new CheckpointSignatures(publicKeys);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the audit signing keyset cannot sign: " + e.getMessage(), e);
    }
    this.keyId = CheckpointSignatures.keyId(auditSigning.getPrimary().getId());
  }

  /** A checkpoint of {@code head}, issued now (microsecond precision, as stored). */
  @Override
  public AuditCheckpoint sign(ChainHead head) {
    var issuedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
    try {
      byte[] signature = signer.sign(AuditCanonical.checkpointBytes(head.size(), head.hash(), issuedAt));
      return new AuditCheckpoint(head.size(), head.hash(), issuedAt, signature, keyId);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing an audit checkpoint failed", e);
    }
  }

  /** The id of the key that signs new checkpoints (the keyset's primary), unsigned decimal. */
  @Override
  public String keyId() {
    return keyId;
  }

  /** The public keyset (Tink JSON): what anyone needs to verify checkpoints. */
  @Override
  public String publicKeysetJson() {
    return publicKeysetJson;
  }

  /** Checks signatures with the public half of this keyset (older keys of a rotated keyset too). */
  public CheckpointSignatures signatures() {
    return verifier;
  }
}
