package org.idnet.identity.domain;

import java.time.Clock;
import java.util.Objects;

/**
 * Processes waiting import batches, one transaction each, and invalidates the cached answers of the
 * accounts each one bound once it is committed; ends imported bindings whose period ran out. Run
 * by scheduled jobs on every replica.
 */
public final class ImportProcessor {

  private final ImportQueue queue;
  private final ImportExpiry expiry;
  private final ImportLineRules rules;
  private final AccountVerifier verifier;
  private final Clock clock;

  public ImportProcessor(ImportQueue queue, ImportExpiry expiry, ImportLineRules rules, AccountVerifier verifier,
      Clock clock) {
    this.queue = Objects.requireNonNull(queue, "queue");
    this.expiry = Objects.requireNonNull(expiry, "expiry");
    this.rules = Objects.requireNonNull(rules, "rules");
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Processes batches until none waits or {@code maxBatches} are done.
   *
   * @return how many lines were processed (bound or refused)
   */
  public long run(int maxBatches) {
    long lines = 0;
    for (int i = 0; i < maxBatches; i++) {
      var processed = queue.processNext(rules, clock.instant());
      if (processed.isEmpty()) {
        break;
      }
      verifier.changed(processed.get().boundAccounts());
      lines += processed.get().linesBound() + processed.get().linesRefused();
    }
    return lines;
  }

  /**
   * Ends imported bindings whose period ran out (the answers already read them as ended: this makes
   * it a revocation with its event), up to {@code max} per transaction until none is left.
   *
   * @return how many ended
   */
  public int expire(int max) {
    int ended = 0;
    while (true) {
      var accounts = expiry.expire(clock.instant(), max);
      verifier.changed(accounts);
      ended += accounts.size();
      if (accounts.size() < max) {
        return ended;
      }
    }
  }
}
