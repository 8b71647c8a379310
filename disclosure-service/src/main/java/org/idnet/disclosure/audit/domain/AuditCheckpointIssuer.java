package org.idnet.disclosure.audit.domain;

import java.util.Optional;
import org.idnet.audit.verifier.AuditCheckpoint;

/** Issues signed checkpoints: on demand (an auditor asks) and on a schedule (when the log grew). */
public final class AuditCheckpointIssuer {

  private final AuditHistory history;
  private final AuditCheckpoints checkpoints;
  private final CheckpointSigner signer;

  public AuditCheckpointIssuer(AuditHistory history, AuditCheckpoints checkpoints, CheckpointSigner signer) {
    this.history = history;
    this.checkpoints = checkpoints;
    this.signer = signer;
  }

  /**
   * Signs the committed head as it is now and keeps the checkpoint, like the scheduled ones: an
   * auditor's copy is then also on record, so the service cannot later claim it never issued it.
   */
  public AuditCheckpoint issueNow() {
    AuditCheckpoint checkpoint = signer.sign(history.head());
    checkpoints.add(checkpoint);
    return checkpoint;
  }

  /** The scheduled round: a checkpoint only if entries were appended since the last one. */
  public Optional<AuditCheckpoint> issueIfGrown() {
    return checkpoints.addIfGrown(signer::sign);
  }

  public String publicKeysetJson() {
    return signer.publicKeysetJson();
  }
}
