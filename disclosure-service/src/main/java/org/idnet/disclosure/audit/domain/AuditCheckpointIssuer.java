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
   * A checkpoint of the committed head as it is now: the kept one that already covers it, or else
   * a new one, signed and kept like the scheduled ones, so an auditor's copy is always on record
   * and the service cannot later claim it never issued it. Asking again while the log has not
   * moved stores nothing new: the kept checkpoints grow with the log, not with the questions. After
   * a key rotation the next one is signed anew, with the current key.
   */
  public AuditCheckpoint issueNow() {
    ChainHead head = history.head();
    Optional<AuditCheckpoint> latest = checkpoints.latest();
    if (latest.isPresent() && latest.get().size() == head.size() && latest.get().rootHash().equals(head.hash())
        && latest.get().keyId().equals(signer.keyId())) {
      return latest.get();
    }
    AuditCheckpoint checkpoint = signer.sign(head);
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
