package org.idnet.otp.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.idnet.phone.PhoneNumber;
import org.idnet.phone.PhoneNumberNormalizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts verifications and resends codes. Every limit is taken before the SMS goes out, and if
 * the SMS fails everything taken is given back: no verification without a sent code, no counted
 * send that did not happen.
 */
public final class VerificationStarter {

  private static final Logger LOG = LoggerFactory.getLogger(VerificationStarter.class);

  private final PhoneNumberNormalizer normalizer;
  private final VerificationIds ids;
  private final CodeGenerator codes;
  private final CodeHasher hasher;
  private final SendLimiter limiter;
  private final VerificationStore store;
  private final ResendStore resends;
  private final VerificationReader reader;
  private final SmsSender sms;
  private final AbuseAlarm alarm;
  private final OtpPolicy policy;
  private final Clock clock;

  public VerificationStarter(PhoneNumberNormalizer normalizer, VerificationIds ids, CodeGenerator codes,
      CodeHasher hasher, SendLimiter limiter, VerificationStore store, ResendStore resends,
      VerificationReader reader, SmsSender sms, AbuseAlarm alarm, OtpPolicy policy, Clock clock) {
    this.normalizer = normalizer;
    this.ids = ids;
    this.codes = codes;
    this.hasher = hasher;
    this.limiter = limiter;
    this.store = store;
    this.resends = resends;
    this.reader = reader;
    this.sms = sms;
    this.alarm = alarm;
    this.policy = policy;
    this.clock = clock;
  }

  public PhoneVerificationView create(String platformId, String accountId, String phoneInput) {
    Inputs.accountId(accountId);
    PhoneNumber phone = Inputs.phoneNumber(normalizer, phoneInput);
    Instant now = now();
    SendPermit permit = switch (limiter.acquire(platformId, phone, now)) {
      case SendDecision.Granted granted -> granted.permit();
      case SendDecision.Refused refused -> throw refuse(refused.refusal());
    };
    String id = ids.next();
    String code = codes.next();
    Verification verification = new Verification(id, platformId, accountId, phone, VerificationState.PENDING,
        hasher.hash(id, platformId, accountId, phone, code), policy.maxChecks(), 1,
        now.plus(policy.codeTtl()), now.plus(policy.resendInterval()), Instant.EPOCH);
    try {
      store.insert(verification);
    } catch (RuntimeException e) {
      quietly("give back send limits", () -> limiter.release(permit));
      throw e;
    }
    try {
      sms.send(phone, SmsText.forCode(code, policy.codeTtl()));
    } catch (RuntimeException e) {
      // The type only: a provider library's message may quote the number or the text with the code.
      LOG.warn("SMS for new verification {} to {} not sent: {}", id, phone.masked(), e.getClass().getSimpleName());
      quietly("remove the unsent verification", () -> store.delete(id));
      quietly("give back send limits", () -> limiter.release(permit));
      throw smsUnavailable(e);
    }
    LOG.info("verification {} started for {} by platform {}", id, phone.masked(), platformId);
    return verification.view(now);
  }

  public PhoneVerificationView resend(String platformId, String id) {
    Verification current = reader.load(platformId, id);
    Instant now = now();
    String code = codes.next();
    String hash = hasher.hash(current.id(), current.platformId(), current.accountId(), current.phone(), code);
    ResendOutcome.Reserved reserved = switch (resends.reserve(current, hash, now)) {
      case ResendOutcome.Reserved r -> r;
      case ResendOutcome.Refused refused -> throw refuse(refused.refusal());
    };
    try {
      sms.send(current.phone(), SmsText.forCode(code, policy.codeTtl()));
    } catch (RuntimeException e) {
      LOG.warn("SMS resend for verification {} to {} not sent: {}", id, current.phone().masked(),
          e.getClass().getSimpleName());
      quietly("restore the previous code", () -> resends.undo(reserved.reservation(), now));
      throw smsUnavailable(e);
    }
    LOG.info("verification {} resent to {} (send {})", id, current.phone().masked(), reserved.updated().sends());
    return reserved.updated().view(now);
  }

  /** Milliseconds: what the store keeps, so an answer now and a read later show the same times. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private OtpException refuse(Refusal refusal) {
    if (refusal.prefixCapHit()) {
      alarm.prefixCapReached();
    }
    return refusal.toException();
  }

  private static OtpException smsUnavailable(RuntimeException cause) {
    if (cause instanceof OtpException otp && otp.reason() == FailureReason.STORE_UNAVAILABLE) {
      return otp;
    }
    return OtpException.of(FailureReason.SMS_UNAVAILABLE, "the SMS could not be sent; try again later");
  }

  /** Undo steps must not hide the original failure; what they leave behind expires by itself. */
  private static void quietly(String what, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      LOG.warn("could not {} after a failed send: {}", what, e.getClass().getSimpleName());
    }
  }
}
