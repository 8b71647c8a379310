package org.idnet.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SandboxArgumentsTest {

  @Test
  void anExtraArgumentReplacesTheSandboxsOwnOfTheSameNameAndOthersFollow() {
    List<String> own = List.of("--spring.profiles.active=sandbox", "--idnet.otp.identity-target=127.0.0.1:9092",
        "--server.address=127.0.0.1");
    List<String> extra = List.of("--idnet.otp.identity-target=127.0.0.1:20001", "--idnet.otp.limits.max-checks=3");

    // Spring would read a repeated option as "127.0.0.1:9092,127.0.0.1:20001".
    assertThat(SandboxNetwork.arguments(own, extra)).containsExactly("--spring.profiles.active=sandbox",
        "--server.address=127.0.0.1", "--idnet.otp.identity-target=127.0.0.1:20001", "--idnet.otp.limits.max-checks=3");
  }

  @Test
  void withoutExtraArgumentsTheSandboxsOwnStayAsTheyAre() {
    List<String> own = List.of("--spring.profiles.active=sandbox", "--a=1");
    assertThat(SandboxNetwork.arguments(own, List.of())).isEqualTo(own);
  }
}
