package org.idnet.identity.hosted.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.idnet.identity.domain.AccountRef;
import org.idnet.identity.domain.VerificationLevel;

/**
 * Where return URLs and verification sessions are kept (docs/pages.md section 3): secrets as
 * hashes only, the account ids, state and label encrypted. Every change of a session's status is
 * one conditional update, so two racing calls cannot both open, finish or redeem it.
 */
public interface HostedSessionStore {

  /** A platform's registered return URL. */
  record ReturnUrl(UUID id, String url, Instant createdAt) {
  }

  /** A session as kept, its secrets as hashes. */
  record Session(UUID id, String platformId, String accountId, Optional<String> guardianAccountId,
      VerificationLevel level, String locale, String returnUrl, String state, String accountLabel, Status status,
      Optional<SessionOutcome> outcome, int realNameSubmissions, boolean guardianRequired, Instant createdAt,
      Instant expiresAt, byte[] secretHash, Optional<Instant> finishedAt) {

    public AccountRef account() {
      return new AccountRef(platformId, accountId);
    }
  }

  enum Status { CREATED, OPEN, FINISHED }

  /** The same URL again answers the registration that exists; the 21st: TOO_MANY_RETURN_URLS. */
  ReturnUrl registerReturnUrl(String platformId, String url, Instant now, int max);

  List<ReturnUrl> returnUrls(String platformId);

  boolean deleteReturnUrl(String platformId, UUID id);

  boolean isRegistered(String platformId, String url);

  /**
   * Stores a new session, or under an Idempotency-Key used before with the same request, gives the
   * existing unopened session the new launch hash and answers its id (IDEMPOTENCY_KEY_REUSED for
   * another request, for a session opened already, or one whose launch address expired: a new token
   * under the old expiry would be a dead link).
   */
  UUID create(Session session, Optional<String> idempotencyKey, byte[] requestHash, byte[] launchHash,
      Instant launchExpiresAt);

  /**
   * Opens the unopened session of this launch hash before its launch expiry, keeping the secret's
   * hash, and answers it; when {@code check} throws on the opened session, nothing changes (the
   * launch token stays unspent) and the exception propagates.
   */
  Optional<Session> open(byte[] launchHash, byte[] secretHash, Instant now, Consumer<Session> check);

  Optional<Session> find(UUID id);

  /** Ends the open session; false when it was not open any more. */
  boolean finish(UUID id, SessionOutcome outcome, byte[] resultHash, Instant resultExpiresAt, Instant now);

  /** Marks the result of this hash redeemed by its platform, once, before it expires. */
  Optional<UUID> redeem(String platformId, byte[] resultHash, Instant now);

  /** Reserves one real-name submission of the open session; false when its {@code max} are spent. */
  boolean reserveRealName(UUID id, int max, Instant now);

  /**
   * A reserved submission ended: {@code counted} when refused for the identity sent (a confirmed one,
   * or one the register was not asked about, gives the reservation back); guardian-required noted.
   */
  void realNameSettled(UUID id, boolean counted, boolean guardianRequired);

  /** Deletes the sessions that ended (finished, or expired unfinished) before {@code before}. */
  int deleteEnded(Instant before);
}
