package org.idnet.otp.domain;

import java.time.Instant;

/** A message in the sandbox outbox. */
public record SentSms(String to, String text, Instant sentAt) {
}
