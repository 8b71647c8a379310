package org.idnet.client.phone;

import java.time.Instant;

/**
 * A phone verification: idnet sent a code by SMS; the platform relays what its user typed.
 *
 * @param id unguessable; the handle for check, resend and reads
 * @param phoneNumber masked E.164, e.g. {@code +8491*****78}
 * @param expiresAt after this the code no longer verifies
 * @param resendAvailableAt the earliest time a resend is accepted
 * @param attemptsRemaining checks left before the verification fails
 */
public record PhoneVerification(String id, String accountId, String phoneNumber, PhoneVerificationStatus status,
    Instant expiresAt, Instant resendAvailableAt, int attemptsRemaining) {
}
