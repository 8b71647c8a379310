package org.idnet.otp.domain;

import java.util.List;

/** The counters one granted send has taken, so they can be given back if the SMS fails. */
public record SendPermit(List<String> counters) {

  public SendPermit {
    counters = List.copyOf(counters);
  }
}
