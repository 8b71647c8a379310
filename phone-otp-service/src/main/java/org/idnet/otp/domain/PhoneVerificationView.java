package org.idnet.otp.domain;

import java.time.Instant;

/** What an answer may show about a verification: the number only masked. */
public record PhoneVerificationView(
    String id,
    String accountId,
    String maskedPhoneNumber,
    VerificationStatus status,
    Instant expiresAt,
    Instant resendAvailableAt,
    int attemptsRemaining) {
}
