package org.idnet.audit.verifier;

import java.time.Instant;
import java.util.Objects;

/**
 * A signed statement "the log had {@code size} entries and the last one's hash was
 * {@code rootHash}". Whoever keeps one can later prove truncation or a rewrite of the first
 * {@code size} entries.
 *
 * @param size entries covered (the seq of the last one; 0 for an empty log)
 * @param rootHash hash of entry {@code size} ({@link Hash#ZERO} for an empty log)
 * @param issuedAt when it was signed, microsecond precision
 * @param signature Tink Ed25519 signature over {@link AuditCanonical#checkpointBytes}
 * @param keyId the Tink key id of the signing key, unsigned decimal
 */
public record AuditCheckpoint(long size, Hash rootHash, Instant issuedAt, byte[] signature, String keyId) {

  public AuditCheckpoint {
    if (size < 0) {
      throw new IllegalArgumentException("a checkpoint's size is 0 or more, not " + size);
    }
    Objects.requireNonNull(rootHash, "rootHash");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(keyId, "keyId");
    signature = Objects.requireNonNull(signature, "signature").clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** The bytes the signature covers. */
  public byte[] canonicalBytes() {
    return AuditCanonical.checkpointBytes(size, rootHash, issuedAt);
  }
}
