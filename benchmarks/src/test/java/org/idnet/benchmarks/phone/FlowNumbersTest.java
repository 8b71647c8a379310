package org.idnet.benchmarks.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class FlowNumbersTest {

  @Test
  void numbersWhenFlowNThenPrefixIsNModHundredAndSerialNDivHundred() {
    assertThat(FlowNumbers.nationalNumber(0)).isEqualTo("930000000");
    assertThat(FlowNumbers.nationalNumber(12_345)).isEqualTo("934500123");
    assertThat(FlowNumbers.typed(12_345)).isEqualTo("0934500123");
    assertThat(FlowNumbers.e164(12_345)).isEqualTo("+84934500123");
    assertThat(FlowNumbers.nationalNumber(FlowNumbers.CAPACITY - 1)).isEqualTo("939999999");
  }

  @Test
  void numbersWhenManyFlowsThenAllDistinctAndEvenlySpreadOverHundredPrefixes() {
    Set<String> numbers = new HashSet<>();
    int[] perPrefix = new int[100];
    LongStream.range(0, 20_000).forEach(n -> {
      String e164 = FlowNumbers.e164(n);
      numbers.add(e164);
      // The abuse limits' prefix: 7 characters of E.164, "+8493PP".
      perPrefix[Integer.parseInt(e164.substring(5, 7))]++;
    });

    assertThat(numbers).hasSize(20_000);
    assertThat(perPrefix).containsOnly(200);
  }

  @Test
  void numbersWhenBeyondCapacityThenRefusedRatherThanRepeated() {
    assertThatThrownBy(() -> FlowNumbers.nationalNumber(FlowNumbers.CAPACITY)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FlowNumbers.nationalNumber(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void accountWhenFlowNThenItsOwn() {
    assertThat(FlowNumbers.account(42)).isEqualTo("p4-0000042");
  }

  @Test
  void codeWhenSmsTextThenTheSixDigits() {
    assertThat(FlowNumbers.code("Your idnet code is 042917. It expires in 5 minutes.")).contains("042917");
    assertThat(FlowNumbers.code("no code here 12345 or 1234567")).isEmpty();
  }
}
