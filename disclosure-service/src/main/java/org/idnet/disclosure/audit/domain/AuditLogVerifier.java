package org.idnet.disclosure.audit.domain;

import java.util.ArrayList;
import java.util.List;
import org.idnet.audit.verifier.AuditCheckpoint;
import org.idnet.audit.verifier.ChainVerifier;
import org.idnet.audit.verifier.CheckpointSignatures;
import org.idnet.audit.verifier.Verification;

/**
 * Recomputes the whole chain from the stored entries and holds it against every stored checkpoint
 * whose signature verifies, as an outside auditor would (the same code: the verifier module).
 */
public final class AuditLogVerifier {

  private final AuditHistory history;
  private final AuditCheckpoints checkpoints;
  private final CheckpointSignatures signatures;

  public AuditLogVerifier(AuditHistory history, AuditCheckpoints checkpoints, CheckpointSignatures signatures) {
    this.history = history;
    this.checkpoints = checkpoints;
    this.signatures = signatures;
  }

  public Verification verify() {
    // Checkpoints first: each covers entries committed before it was issued, which the later scan
    // is sure to see, so no common snapshot is needed.
    List<AuditCheckpoint> trusted = new ArrayList<>();
    AuditCheckpoint forged = null;
    for (AuditCheckpoint checkpoint : checkpoints.all()) {
      if (signatures.verify(checkpoint)) {
        trusted.add(checkpoint);
      } else if (forged == null) {
        forged = checkpoint;
      }
    }
    // An unsigned checkpoint proves nothing about the entries, so it does not judge them; it is
    // reported on its own, after any problem of the entries themselves.
    ChainVerifier chain = new ChainVerifier(trusted);
    history.scan(chain::accept);
    Verification verdict = chain.finish();
    if (verdict.valid() && forged != null) {
      return Verification.bad(verdict.size(), 0,
          "checkpoint signature invalid (checkpoint of size " + forged.size() + ")");
    }
    return verdict;
  }
}
