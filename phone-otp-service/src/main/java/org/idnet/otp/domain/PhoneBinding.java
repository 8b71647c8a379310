package org.idnet.otp.domain;

import org.idnet.phone.PhoneNumber;

/** An account that proved control of a phone number with the code of one verification. */
public record PhoneBinding(String platformId, String accountId, PhoneNumber phone, String verificationId) {
}
