package org.idnet.admin.onboarding;

import java.util.Objects;

/** A client secret. Its {@code toString} hides it, so a log line or a message cannot leak it by accident. */
public record Secret(String value) {

  public Secret {
    Objects.requireNonNull(value);
  }

  @Override
  public String toString() {
    return "Secret[hidden]";
  }
}
