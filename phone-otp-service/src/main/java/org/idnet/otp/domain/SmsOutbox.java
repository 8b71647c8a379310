package org.idnet.otp.domain;

import java.util.List;

/** The sandbox's readable stand-in for the SMS network. */
public interface SmsOutbox {

  /** Newest first; only messages to {@code to} (E.164) unless it is empty. */
  List<SentSms> recent(String to);
}
