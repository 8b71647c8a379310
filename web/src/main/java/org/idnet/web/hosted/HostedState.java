package org.idnet.web.hosted;

import java.io.Serializable;

/**
 * What the web session remembers of one hosted verification (sealed in Redis with the rest of the
 * session): the session and its secret, what the first page shows, the phone verification in
 * progress and what the steps learnt. Never the phone number typed, the code or the identity.
 *
 * @param sessionId {@code vs_…}
 * @param secret the session secret, sent as {@code Idnet-Session: <id>.<secret>}
 * @param platformId who asks
 * @param accountLabel what the user knows the account as (the anti-phishing cue)
 * @param accountId the session's account, sent in the steps, never shown
 * @param guardianAccountId the guardian the session names, or empty
 * @param level PHONE or REAL_NAME
 * @param returnOrigin the return URL's origin (form-action)
 * @param verificationId the phone verification of the account in progress, or null
 * @param maskedPhone the API's masked number of that verification ("+8491*****78"), or null
 * @param limitReached the API said session-limit-reached: only "return to the platform" is left
 */
public record HostedState(String sessionId, String secret, String platformId, String accountLabel, String accountId,
    String guardianAccountId, String level, String returnOrigin, String verificationId, String maskedPhone,
    boolean limitReached)
    implements Serializable {

  /** The web session attribute. */
  public static final String ATTRIBUTE = "idnet.hosted";

  boolean guardianNamed() {
    return guardianAccountId != null && !guardianAccountId.isEmpty();
  }

  HostedState withVerification(String id, String masked) {
    return new HostedState(sessionId, secret, platformId, accountLabel, accountId, guardianAccountId, level,
        returnOrigin, id, masked, limitReached);
  }

  HostedState withLimitReached() {
    return new HostedState(sessionId, secret, platformId, accountLabel, accountId, guardianAccountId, level,
        returnOrigin, verificationId, maskedPhone, true);
  }

  /** The last two digits of the masked number ("78"), read out instead of the stars. */
  public String maskedPhoneEnd() {
    return maskedPhone == null || maskedPhone.length() < 2 ? "" : maskedPhone.substring(maskedPhone.length() - 2);
  }
}
