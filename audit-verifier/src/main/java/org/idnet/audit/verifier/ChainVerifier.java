package org.idnet.audit.verifier;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Recomputes the chain entry by entry, in seq order, holding only the running head: a log of any
 * length verifies in constant memory. Feed it with {@link #accept} until it returns false (the
 * first problem decides the verdict), then ask {@link #finish}.
 *
 * <p>Each entry must be the next seq, name its predecessor's recomputed hash as prevHash and carry
 * the hash its own bytes give. Each checkpoint must name the recomputed hash at its size; a
 * checkpoint beyond the end means the log was truncated (or the export is older than it).
 * Checkpoint signatures are {@link CheckpointSignatures}'s job, not this class's.
 */
public final class ChainVerifier {

  private final List<AuditCheckpoint> checkpoints;
  private int nextCheckpoint;
  /** The largest checkpoint size matched so far: entries up to it are pinned by a signature. */
  private long pinned;
  private long size;
  private Hash head = Hash.ZERO;
  private Verification failure;

  public ChainVerifier(Collection<AuditCheckpoint> checkpoints) {
    this.checkpoints = checkpoints.stream().sorted(Comparator.comparingLong(AuditCheckpoint::size)).toList();
    matchCheckpoints();
  }

  /** Checks the next entry; false once a problem is found (later entries change nothing). */
  public boolean accept(AuditEntry entry) {
    if (failure != null) {
      return false;
    }
    long expected = size + 1;
    if (entry.seq() > expected) {
      return fail(expected, "missing entry");
    }
    if (entry.seq() < expected) {
      return fail(entry.seq(), "duplicate or out-of-order entry");
    }
    if (!entry.prevHash().equals(head)) {
      return fail(expected, "previous hash mismatch");
    }
    Hash recomputed = AuditCanonical.chain(head, entry);
    if (!recomputed.equals(entry.hash())) {
      return fail(expected, "hash mismatch");
    }
    size = expected;
    head = recomputed;
    return matchCheckpoints();
  }

  /** The verdict once every entry has been offered (or {@link #accept} said stop). */
  public Verification finish() {
    if (failure == null && nextCheckpoint < checkpoints.size()) {
      fail(size + 1, "shorter than checkpoint (size " + checkpoints.getLast().size() + ")");
    }
    return failure != null ? failure : Verification.ok(size);
  }

  /** The recomputed hash of the last verified entry ({@link Hash#ZERO} before the first). */
  public Hash head() {
    return head;
  }

  public long size() {
    return size;
  }

  private boolean matchCheckpoints() {
    while (nextCheckpoint < checkpoints.size() && checkpoints.get(nextCheckpoint).size() == size) {
      AuditCheckpoint checkpoint = checkpoints.get(nextCheckpoint++);
      if (!checkpoint.rootHash().equals(head)) {
        // The entries are consistent with each other but not with what was signed: they were
        // rewritten (hashes recomputed) somewhere after the last checkpoint that still matches.
        return fail(pinned + 1, "does not match checkpoint (size " + size + ")");
      }
      pinned = size;
    }
    return true;
  }

  private boolean fail(long seq, String problem) {
    failure = Verification.bad(size, seq, problem);
    return false;
  }
}
