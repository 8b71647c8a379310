package org.idnet.audit.verifier;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The verdict on a log: valid, or the first entry that does not fit and what was wrong there.
 *
 * @param size entries that verified, in order from seq 1 (for a valid log: all of them)
 * @param firstBadSeq the first entry that does not fit the chain or a checkpoint; 0 when none
 * @param problem what was wrong there (e.g. "hash mismatch", "missing entry", "shorter than
 *     checkpoint"); null when valid
 */
public record Verification(boolean valid, long size, long firstBadSeq, String problem) {

  public static Verification ok(long size) {
    return new Verification(true, size, 0, null);
  }

  public static Verification bad(long size, long firstBadSeq, String problem) {
    return new Verification(false, size, firstBadSeq, problem);
  }

  public OptionalLong badSeq() {
    return firstBadSeq > 0 ? OptionalLong.of(firstBadSeq) : OptionalLong.empty();
  }

  public Optional<String> problemText() {
    return Optional.ofNullable(problem);
  }
}
