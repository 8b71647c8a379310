package org.idnet.otp.domain;

import java.util.List;

/**
 * What a hosted session (a caller with a session id and an account scope, stated by the gateway;
 * docs/pages.md section 3.3) may do on top of every rule a platform has: start, resend and check
 * codes only for its own account (the scope's first entry; the guardian, its second, is in the scope
 * only for identity's RegisterRealName guardian check: a session that could start a verification of
 * the guardian would let whoever holds the session bind any number to the guardian's account), read
 * only the accounts of its scope (outside: the same NOT_FOUND as an unknown id, so nothing tells
 * whether it exists), and within per-session limits counted in Redis, failing closed. Other callers
 * pass untouched.
 */
public final class HostedSessionRules {

  /** Verifications a session may start. */
  public static final int MAX_STARTS = 3;
  /** Codes a session may have sent (first sends and resends). */
  public static final int MAX_SENDS = 8;
  /** Wrong codes a session may try. */
  public static final int MAX_FAILED_CHECKS = 10;

  static final String STARTS = "starts";
  static final String SENDS = "sends";
  static final String FAILED_CHECKS = "failed-checks";

  /**
   * The caller's session as the gateway stated it: an empty id for every caller that is not a
   * session (the rules let those through).
   */
  public record SessionScope(String sessionId, List<String> accountScope) {

    public SessionScope {
      accountScope = List.copyOf(accountScope);
    }

    public boolean inHostedSession() {
      return !sessionId.isEmpty();
    }
  }

  private final SessionCounters counters;

  public HostedSessionRules(SessionCounters counters) {
    this.counters = counters;
  }

  /** Before a verification starts for {@code accountId}: own account, then one start and one send counted. */
  public void beforeStart(SessionScope caller, String accountId) {
    if (!caller.inHostedSession()) {
      return;
    }
    requireOwnAccount(caller, accountId);
    take(caller, STARTS, MAX_STARTS);
    take(caller, SENDS, MAX_SENDS);
  }

  /** Before a resend of a verification of {@code accountId}: own account, then one send counted. */
  public void beforeResend(SessionScope caller, String accountId) {
    if (!caller.inHostedSession()) {
      return;
    }
    requireOwnAccount(caller, accountId);
    take(caller, SENDS, MAX_SENDS);
  }

  /**
   * Before a check of a verification of {@code accountId}: own account, then one failed check taken
   * (INCR, then compared), so parallel wrong codes cannot all pass a count read before any of them
   * was counted. {@link #afterCheck} or {@link #afterUnansweredCheck} gives it back when the code
   * was not found wrong.
   */
  public void beforeCheck(SessionScope caller, String accountId) {
    if (!caller.inHostedSession()) {
      return;
    }
    requireOwnAccount(caller, accountId);
    take(caller, FAILED_CHECKS, MAX_FAILED_CHECKS);
  }

  /** After a check that was answered: an approval gives back the failed check taken before it. */
  public void afterCheck(SessionScope caller, PhoneVerificationView answer) {
    if (caller.inHostedSession() && answer.status() == VerificationStatus.APPROVED) {
      giveBack(caller, FAILED_CHECKS);
    }
  }

  /**
   * After a check that was not answered (refused, or the code was right but the binding failed):
   * the code was not found wrong, so the failed check taken before it is given back.
   */
  public void afterUnansweredCheck(SessionScope caller) {
    if (caller.inHostedSession()) {
      giveBack(caller, FAILED_CHECKS);
    }
  }

  /** A read (get) of a verification of {@code accountId}: scope only, no limit. */
  public void requireInScope(SessionScope caller, String accountId) {
    if (caller.inHostedSession() && !caller.accountScope().contains(accountId)) {
      throw Refusal.of(FailureReason.NOT_FOUND).toException();
    }
  }

  /** Codes only for the session's own account: the guardian (or anyone else) is NOT_FOUND. */
  private static void requireOwnAccount(SessionScope caller, String accountId) {
    if (caller.accountScope().isEmpty() || !caller.accountScope().getFirst().equals(accountId)) {
      throw Refusal.of(FailureReason.NOT_FOUND).toException();
    }
  }

  private void take(SessionScope caller, String counter, int max) {
    // Counted before the attempt: a refused or failed send still counts (a session's attempts do
    // not come back), and a count beyond the limit is harmless.
    if (counters.increment(caller.sessionId(), counter) > max) {
      throw limitReached();
    }
  }

  /**
   * Best effort: the answer is already decided (an approval must not be lost), so a store that
   * fails now leaves the count one higher, the closed side.
   */
  private void giveBack(SessionScope caller, String counter) {
    try {
      counters.decrement(caller.sessionId(), counter);
    } catch (OtpException e) {
      // Stays counted.
    }
  }

  private static OtpException limitReached() {
    return OtpException.of(FailureReason.SESSION_LIMIT_REACHED,
        "this verification session has used its attempts; return to the platform");
  }
}
