package org.idnet.otp.domain;

import java.time.Duration;

/** The text of the code message. */
public final class SmsText {

  private SmsText() {
  }

  public static String forCode(String code, Duration validFor) {
    long minutes = Math.max(1, validFor.toMinutes());
    return "Your idnet code is " + code + ". It expires in " + minutes
        + (minutes == 1 ? " minute" : " minutes") + ". Never share it.";
  }
}
