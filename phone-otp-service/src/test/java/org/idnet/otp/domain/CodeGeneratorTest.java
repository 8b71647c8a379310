package org.idnet.otp.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CodeGeneratorTest {

  @Test
  void nextWhenDrawnManyTimesThenSixAsciiDigitsLeadingZerosKeptAndSpreadEvenly() {
    CodeGenerator generator = new CodeGenerator();
    int draws = 200_000;
    int[] firstDigit = new int[10];
    Set<String> distinct = new HashSet<>();
    for (int i = 0; i < draws; i++) {
      String code = generator.next();
      assertThat(code).hasSize(6).matches("[0-9]{6}");
      firstDigit[code.charAt(0) - '0']++;
      distinct.add(code);
    }
    // A leading zero is as likely as any other first digit (expected 20,000 each, sd ~134).
    for (int count : firstDigit) {
      assertThat(count).isBetween(18_500, 21_500);
    }
    assertThat(firstDigit[0]).isPositive();
    // 200,000 uniform draws from 10^6 codes give ~181,000 distinct values.
    assertThat(distinct.size()).isGreaterThan(175_000);
  }
}
