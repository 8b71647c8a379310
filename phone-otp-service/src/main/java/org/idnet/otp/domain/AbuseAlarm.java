package org.idnet.otp.domain;

/** Raises the alert an operator must see when the SMS-pumping guard refuses sends. */
public interface AbuseAlarm {

  /** Deliberately without the prefix or number: the alert must not carry personal data. */
  void prefixCapReached();
}
