package org.idnet.identity.hosted.domain;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.idnet.identity.domain.AccountRef;
import org.idnet.identity.domain.AccountVerification;
import org.idnet.identity.domain.AccountVerifier;
import org.idnet.identity.domain.FailureReason;
import org.idnet.identity.domain.IdentityException;
import org.idnet.identity.domain.VerificationLevel;

/**
 * Hosted verification (docs/pages.md section 3): verification sessions from
 * creation by the platform, through opening and use by idnet's own pages, to the result the
 * platform redeems. Every secret is shown once and kept as a hash; every refusal that could tell
 * one session from another (unknown, another platform's, wrong secret, used, expired) is the same
 * NOT_FOUND.
 */
public final class HostedSessions {

  public static final String SESSION_PREFIX = "vs_";
  public static final int MAX_REAL_NAME_SUBMISSIONS = 3;
  private static final Pattern STATE = Pattern.compile("[A-Za-z0-9._~-]{8,256}");
  private static final Pattern LABEL_FORBIDDEN =
      Pattern.compile("[\\x00-\\x1F\\x7F-\\x9F\\u200B-\\u200F\\u202A-\\u202E\\u2066-\\u2069\\uFEFF]");

  /** What a platform asks for. */
  public record Request(String accountId, String returnUrl, String state, VerificationLevel level,
      Optional<String> guardianAccountId, String locale, String accountLabel) {
  }

  public record Created(String id, String url, Instant launchExpiresAt, Instant expiresAt) {
  }

  /** An opened session, its secret (shown once) and its return URL's origin (the pages' CSP form-action). */
  public record Opened(HostedSessionStore.Session session, String secret, String returnOrigin) {
  }

  /** Where to send the user back, and with which outcome. */
  public record Ending(String redirectUrl, SessionOutcome outcome) {
  }

  public record Redeemed(HostedSessionStore.Session session, AccountVerification verification) {
  }

  /** A session and the account's verification now, for the pages. */
  public record View(HostedSessionStore.Session session, AccountVerification verification, String returnOrigin) {
  }

  private final HostedSessionStore store;
  private final ReturnUrls returnUrls;
  private final AccountVerifier verifier;
  private final Function<byte[], byte[]> requestIndex;
  private final String pagesUrl;
  private final Clock clock;
  private final Duration launchFor;
  private final Duration sessionFor;
  private final Duration resultFor;

  /**
   * @param requestIndex the keyed hash of a creating request (its repeat is told from another body)
   * @param pagesUrl where idnet's pages are: the launch address is {@code <pagesUrl>/verify/<token>}
   */
  public HostedSessions(HostedSessionStore store, ReturnUrls returnUrls, AccountVerifier verifier,
      Function<byte[], byte[]> requestIndex, String pagesUrl, Clock clock, Duration launchFor, Duration sessionFor,
      Duration resultFor) {
    this.store = store;
    this.returnUrls = returnUrls;
    this.verifier = verifier;
    this.requestIndex = requestIndex;
    this.pagesUrl = pagesUrl.endsWith("/") ? pagesUrl.substring(0, pagesUrl.length() - 1) : pagesUrl;
    this.clock = clock;
    this.launchFor = launchFor;
    this.sessionFor = sessionFor;
    this.resultFor = resultFor;
  }

  // ---- the platform's side ----

  public Created create(String platformId, Request request, Optional<String> idempotencyKey) {
    AccountRef account = new AccountRef(platformId, request.accountId());
    request.guardianAccountId().ifPresent(guardian -> new AccountRef(platformId, guardian));
    if (request.guardianAccountId().filter(request.accountId()::equals).isPresent()) {
      throw IdentityException.invalid(FailureReason.INVALID_ACCOUNT_ID, "guardianAccountId",
          "guardianAccountId must name another account than accountId");
    }
    if (request.state() == null || !STATE.matcher(request.state()).matches()) {
      throw IdentityException.invalid(FailureReason.INVALID_STATE, "state", "state must be 8-256 characters of [A-Za-z0-9._~-]");
    }
    if (request.level() != VerificationLevel.PHONE && request.level() != VerificationLevel.REAL_NAME) {
      throw IdentityException.invalid(FailureReason.INVALID_LEVEL, "level", "level must be PHONE or REAL_NAME");
    }
    String locale = request.locale().isEmpty() ? "vi" : request.locale();
    if (!locale.equals("vi") && !locale.equals("en")) {
      throw IdentityException.invalid(FailureReason.INVALID_LOCALE, "locale", "locale must be vi or en");
    }
    String label = request.accountLabel();
    if (label.codePointCount(0, label.length()) > 64 || LABEL_FORBIDDEN.matcher(label).find()) {
      throw IdentityException.invalid(FailureReason.INVALID_ACCOUNT_LABEL, "accountLabel",
          "accountLabel must be at most 64 printable characters");
    }
    returnUrls.check(request.returnUrl());
    if (!store.isRegistered(platformId, request.returnUrl())) {
      throw IdentityException.of(FailureReason.RETURN_URL_NOT_REGISTERED,
          "returnUrl is not one of the platform's registered return URLs (compared byte for byte)");
    }
    Instant now = clock.instant();
    Instant launchExpiresAt = now.plus(launchFor);
    Instant expiresAt = now.plus(sessionFor);
    String launch = SessionTokens.newToken();
    HostedSessionStore.Session session = new HostedSessionStore.Session(UUID.randomUUID(), platformId,
        account.accountId(), request.guardianAccountId(), request.level(), locale, request.returnUrl(), request.state(),
        label, HostedSessionStore.Status.CREATED, Optional.empty(), 0, false, now, expiresAt, null, Optional.empty());
    UUID id = store.create(session, idempotencyKey, requestIndex.apply(canonical(platformId, request, locale)),
        SessionTokens.hash(launch), launchExpiresAt);
    HostedSessionStore.Session stored = store.find(id).orElseThrow();
    return new Created(SessionTokens.external(SESSION_PREFIX, id), pagesUrl + "/verify/" + launch,
        id.equals(session.id()) ? launchExpiresAt : stored.createdAt().plus(launchFor), stored.expiresAt());
  }

  /** Length-prefixed fields: no two requests share an input. */
  private static byte[] canonical(String platformId, Request r, String locale) {
    StringBuilder out = new StringBuilder();
    for (String field : List.of(platformId, r.accountId(), r.returnUrl(), r.state(), r.level().name(),
        r.guardianAccountId().orElse(""), locale, r.accountLabel())) {
      out.append(field.length()).append(':').append(field).append('|');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  public Redeemed redeem(String platformId, String result) {
    if (!SessionTokens.isWellFormed(result)) {
      throw IdentityException.invalid(FailureReason.INVALID_RESULT, "result", "result must be 43 base64url characters");
    }
    UUID id = store.redeem(platformId, SessionTokens.hash(result), clock.instant())
        .orElseThrow(() -> IdentityException.of(FailureReason.RESULT_NOT_FOUND, "no result to redeem for this reference"));
    HostedSessionStore.Session session = store.find(id).orElseThrow(
        () -> IdentityException.of(FailureReason.RESULT_NOT_FOUND, "no result to redeem for this reference"));
    return new Redeemed(session, verifier.fresh(session.account()));
  }

  // ---- idnet's pages ----

  public Opened open(String launchToken) {
    if (!SessionTokens.isWellFormed(launchToken)) {
      throw IdentityException.invalid(FailureReason.INVALID_LAUNCH_TOKEN, "launchToken",
          "launchToken must be 43 base64url characters");
    }
    String secret = SessionTokens.newToken();
    // The origin is computed inside the opening transaction: a kept URL it cannot read (one kept
    // before the rule was strict) refuses the opening and leaves the launch token unspent.
    HostedSessionStore.Session session = store.open(SessionTokens.hash(launchToken), SessionTokens.hash(secret),
        clock.instant(), opened -> returnUrls.origin(opened.returnUrl())).orElseThrow(HostedSessions::notFound);
    return new Opened(session, secret, returnUrls.origin(session.returnUrl()));
  }

  /**
   * The open session that {@code sessionHeader} ("<id>.<secret>", the Idnet-Session header) names,
   * which must be the session {@code externalId} of the path; expired ones too when
   * {@code expiredToo} (ending a session after its time answers EXPIRED).
   */
  public HostedSessionStore.Session authenticated(String externalId, Optional<String> sessionHeader, boolean expiredToo) {
    UUID id = SessionTokens.parse(SESSION_PREFIX, externalId, FailureReason.INVALID_SESSION_ID, "sessionId");
    String header = sessionHeader.orElseThrow(HostedSessions::notFound);
    int dot = header.indexOf('.');
    if (dot < 0 || !header.substring(0, dot).equals(externalId)) {
      throw notFound();
    }
    return openSession(id, header.substring(dot + 1), expiredToo);
  }

  /** The gateway's question: the open, unexpired session of this id and secret. */
  public HostedSessionStore.Session resolve(String externalId, String secret) {
    UUID id = SessionTokens.parse(SESSION_PREFIX, externalId, FailureReason.INVALID_SESSION_ID, "sessionId");
    return openSession(id, secret, false);
  }

  private HostedSessionStore.Session openSession(UUID id, String secret, boolean expiredToo) {
    HostedSessionStore.Session session = store.find(id).orElseThrow(HostedSessions::notFound);
    if (!SessionTokens.isWellFormed(secret) || !SessionTokens.matches(secret, session.secretHash())) {
      throw notFound();
    }
    if (session.status() == HostedSessionStore.Status.FINISHED) {
      if (expiredToo) {
        throw IdentityException.of(FailureReason.SESSION_FINISHED, "the session was ended already");
      }
      throw notFound();
    }
    if (!expiredToo && !clock.instant().isBefore(session.expiresAt())) {
      throw notFound();
    }
    return session;
  }

  public View view(HostedSessionStore.Session session) {
    return new View(session, verifier.fresh(session.account()), returnUrls.origin(session.returnUrl()));
  }

  public Ending complete(HostedSessionStore.Session session) {
    Instant now = clock.instant();
    SessionOutcome outcome;
    if (!now.isBefore(session.expiresAt())) {
      outcome = SessionOutcome.EXPIRED;
    } else if (verifier.fresh(session.account()).level().compareTo(session.level()) >= 0) {
      outcome = SessionOutcome.COMPLETED;
    } else if (session.guardianRequired() && session.guardianAccountId().isEmpty()) {
      outcome = SessionOutcome.GUARDIAN_REQUIRED;
    } else if (session.realNameSubmissions() >= MAX_REAL_NAME_SUBMISSIONS) {
      outcome = SessionOutcome.ATTEMPTS_EXHAUSTED;
    } else {
      throw IdentityException.of(FailureReason.LEVEL_NOT_REACHED, "the account has not reached the level asked");
    }
    return end(session, outcome, now);
  }

  public Ending cancel(HostedSessionStore.Session session, SessionOutcome reason) {
    if (reason != SessionOutcome.CANCELLED && reason != SessionOutcome.ATTEMPTS_EXHAUSTED) {
      throw IdentityException.invalid(FailureReason.INVALID_OUTCOME, "reason", "reason must be CANCELLED or ATTEMPTS_EXHAUSTED");
    }
    Instant now = clock.instant();
    return end(session, now.isBefore(session.expiresAt()) ? reason : SessionOutcome.EXPIRED, now);
  }

  private Ending end(HostedSessionStore.Session session, SessionOutcome outcome, Instant now) {
    String result = SessionTokens.newToken();
    if (!store.finish(session.id(), outcome, SessionTokens.hash(result), now.plus(resultFor), now)) {
      throw IdentityException.of(FailureReason.SESSION_FINISHED, "the session was ended already");
    }
    String url = session.returnUrl();
    String query = "result=" + result + "&state=" + session.state();
    return new Ending(url + (url.contains("?") ? (url.endsWith("?") || url.endsWith("&") ? "" : "&") : "?") + query,
        outcome);
  }

  /** The cleanup job: sessions ended more than {@code keep} ago are deleted. */
  public int deleteEnded(Duration keep) {
    return store.deleteEnded(clock.instant().minus(keep));
  }

  static IdentityException notFound() {
    return IdentityException.of(FailureReason.HOSTED_SESSION_NOT_FOUND, "no open hosted session for this request");
  }
}
