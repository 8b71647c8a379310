package org.idnet.caller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A hosted session's caller (docs/pages.md section 3.3) as the gateway states it, and what is refused. */
class HostedSessionCallerMetadataTest {

  @Test
  void aSessionCallerTravelsWithItsSessionIdAndScopeAndOtherCallersKeepTheV2Form() {
    Caller session = new Caller("hosted-session:vs_x", "platform-a", "", Set.of("platform"), "vs_x",
        List.of("user@example.org", "parent.1"));
    String stated = CallerMetadata.encode(session);
    assertThat(stated).startsWith("v3|");
    assertThat(CallerMetadata.decode(stated)).isEqualTo(session);
    assertThat(CallerMetadata.decode(stated).inHostedSession()).isTrue();

    Caller platform = new Caller("sa-platform-a", "platform-a", "", Set.of("platform"));
    assertThat(CallerMetadata.encode(platform)).startsWith("v2|");
    assertThat(CallerMetadata.decode(CallerMetadata.encode(platform)).inHostedSession()).isFalse();
    assertThat(CallerMetadata.decode(CallerMetadata.encode(platform)).accountScope()).isEmpty();
  }

  @Test
  void aSessionWithoutIdOrAccountOrWithMoreThanAccountAndGuardianIsNoStatementOfTheGateway() {
    for (String bad : List.of("v3|s|platform-a||platform||acc-1", "v3|s|platform-a||platform|vs_x|",
        "v3|s|platform-a||platform|vs_x|a%2Cb%2Cc", "v3|s|platform-a||platform|vs_x|a%2C",
        "v3|s|platform-a||platform", "v2|s|platform-a||platform|vs_x|acc-1")) {
      assertThatThrownBy(() -> CallerMetadata.decode(bad)).as(bad).isInstanceOf(InvalidCallerException.class);
    }
  }

  @Test
  void aCallerHasBothASessionIdAndAScopeOrNeither() {
    assertThatThrownBy(() -> new Caller("s", "platform-a", "", Set.of("platform"), "vs_x", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Caller("s", "platform-a", "", Set.of("platform"), "", List.of("acc-1")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
