package org.idnet.disclosure.audit.domain;

import org.idnet.audit.verifier.AuditCheckpoint;

/** Signs checkpoints of the audit chain with the service's audit key (the adapter: Tink, Ed25519). */
public interface CheckpointSigner {

  /** A checkpoint of {@code head}, issued now (microsecond precision, as stored). */
  AuditCheckpoint sign(ChainHead head);

  /** The id of the key that signs new checkpoints, unsigned decimal. */
  String keyId();

  /** The public keyset (Tink JSON): what anyone needs to verify checkpoints. */
  String publicKeysetJson();
}
