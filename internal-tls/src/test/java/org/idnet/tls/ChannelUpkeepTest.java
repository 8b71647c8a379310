package org.idnet.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.idnet.tls.spring.GrpcBalancingProperties;
import org.junit.jupiter.api.Test;

class ChannelUpkeepTest {

  @Test
  void belowGrpcsFloorOfTenSecondsIsRefusedNotSilentlyRaised() {
    assertThatThrownBy(() -> new ChannelUpkeep(Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(2)))
        .hasMessageContaining("idnet.grpc.keep-alive-time must be at least 10s");
    assertThatThrownBy(() -> new ChannelUpkeep(Duration.ofSeconds(30), Duration.ZERO, Duration.ofSeconds(2)))
        .hasMessageContaining("idnet.grpc.keep-alive-timeout");
    assertThatThrownBy(() -> new ChannelUpkeep(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofMinutes(5)))
        .hasMessageContaining("idnet.grpc.reconnect-every");
  }

  @Test
  void serversMustPermitThePingsTheirOwnSettingsMakeClientsSend() {
    assertThatThrownBy(() -> properties(Duration.ofSeconds(10), Duration.ofSeconds(30)))
        .hasMessageContaining("idnet.grpc.permit-keep-alive-time must be positive and at most");
    GrpcBalancingProperties sound = properties(Duration.ofSeconds(10), Duration.ofSeconds(5));
    assertThat(sound.upkeep())
        .isEqualTo(new ChannelUpkeep(Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(1)));
  }

  private static GrpcBalancingProperties properties(Duration time, Duration permit) {
    return new GrpcBalancingProperties("round_robin", Duration.ofMinutes(5), Duration.ofSeconds(30), time,
        Duration.ofSeconds(2), Duration.ofSeconds(1), permit);
  }
}
