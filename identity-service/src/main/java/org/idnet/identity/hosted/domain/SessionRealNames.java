package org.idnet.identity.hosted.domain;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.idnet.identity.domain.FailureReason;
import org.idnet.identity.domain.IdentityException;

/**
 * A session's real-name step (AccountService.RegisterRealName for a hosted-session caller,
 * docs/pages.md section 3.8): only the session's own account, with the guardian it named or none,
 * and at most {@link HostedSessions#MAX_REAL_NAME_SUBMISSIONS} submissions refused for the identity
 * sent, each reserved atomically before the register is asked.
 */
public final class SessionRealNames {

  private final HostedSessionStore store;
  private final Clock clock;

  public SessionRealNames(HostedSessionStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Checks that the session may register this account's real name (its own account, with the
   * guardian it named or none) and reserves one of its submissions; the caller settles it with
   * {@link #settled}.
   */
  public UUID reserve(String platformId, String externalId, List<String> scope, String accountId,
      Optional<String> guardianAccountId) {
    UUID id = SessionTokens.parse(HostedSessions.SESSION_PREFIX, externalId, FailureReason.INVALID_SESSION_ID,
        "sessionId");
    HostedSessionStore.Session session = store.find(id).filter(s -> s.platformId().equals(platformId))
        .orElseThrow(HostedSessions::notFound);
    if (scope.isEmpty() || !scope.get(0).equals(accountId) || !session.accountId().equals(accountId)) {
      throw IdentityException.of(FailureReason.ACCOUNT_NOT_FOUND, "no such account");
    }
    if (guardianAccountId.isPresent() && !guardianAccountId.equals(session.guardianAccountId())) {
      throw IdentityException.of(FailureReason.ACCOUNT_NOT_FOUND, "no such guardian account");
    }
    if (!store.reserveRealName(id, HostedSessions.MAX_REAL_NAME_SUBMISSIONS, clock.instant())) {
      if (session.status() != HostedSessionStore.Status.OPEN || !clock.instant().isBefore(session.expiresAt())) {
        throw HostedSessions.notFound();
      }
      throw IdentityException.of(FailureReason.SESSION_LIMIT_REACHED, "the session's real-name submissions are spent");
    }
    return id;
  }

  /** The reserved submission ended: see {@link HostedSessionStore#realNameSettled}. */
  public void settled(UUID id, boolean counted, boolean guardianRequired) {
    store.realNameSettled(id, counted, guardianRequired);
  }
}
