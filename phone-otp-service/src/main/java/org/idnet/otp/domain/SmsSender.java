package org.idnet.otp.domain;

import org.idnet.phone.PhoneNumber;

/** The SMS network. Throws {@link SmsNotSentException} when the message was not accepted. */
public interface SmsSender {

  void send(PhoneNumber to, String text);
}
