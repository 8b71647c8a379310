package org.idnet.otp.domain;

import java.time.Instant;

/** What a reserved resend replaced, so it can be put back if the SMS fails. */
public record ResendReservation(
    String verificationId,
    String newCodeHash,
    String previousCodeHash,
    int previousSends,
    Instant previousResendAvailableAt,
    Instant previousExpiresAt,
    SendPermit permit) {
}
