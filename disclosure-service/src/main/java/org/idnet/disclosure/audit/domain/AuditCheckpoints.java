package org.idnet.disclosure.audit.domain;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.idnet.audit.verifier.AuditCheckpoint;

/** The signed checkpoints issued so far, kept forever. */
public interface AuditCheckpoints {

  void add(AuditCheckpoint checkpoint);

  /** The checkpoint covering the most entries (the latest issued of those), if any. */
  Optional<AuditCheckpoint> latest();

  /** Every checkpoint, smallest size first. */
  List<AuditCheckpoint> all();

  /**
   * Signs and stores a checkpoint of the committed head if the log grew since the last one, at
   * most once cluster-wide at a time: several replicas running the same schedule issue one
   * checkpoint per growth, not one each.
   *
   * @return the new checkpoint, or empty when the log did not grow or another replica is at it
   */
  Optional<AuditCheckpoint> addIfGrown(Function<ChainHead, AuditCheckpoint> sign);
}
