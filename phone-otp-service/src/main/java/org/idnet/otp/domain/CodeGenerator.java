package org.idnet.otp.domain;

import java.security.SecureRandom;

/** Draws one-time codes: 6 decimal digits, uniform, leading zeros kept. */
public final class CodeGenerator {

  private static final int BOUND = 1_000_000;

  private final SecureRandom random;

  public CodeGenerator(SecureRandom random) {
    this.random = random;
  }

  public CodeGenerator() {
    this(new SecureRandom());
  }

  public String next() {
    // nextInt(bound) rejects the biased tail, so every code is equally likely.
    int value = random.nextInt(BOUND);
    String digits = Integer.toString(value);
    return "0".repeat(6 - digits.length()) + digits;
  }
}
