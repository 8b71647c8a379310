package org.idnet.benchmarks.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoakSettingsTest {

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>(Map.of("IDNET_SOAK_GC_LOGS", "/tmp/gc",
        "IDNET_SERVICE_JVM_OPTS", "-Xmx512m -Xlog:gc:file=/tmp/gc/gc-%p.log:timemillis,tags"));
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void defaultsAreTenMinutesAfterTwoOfWarmUp(@TempDir Path home) {
    SoakSettings settings = SoakSettings.fromEnvironment(home, env());
    assertThat(settings.minutes()).isEqualTo(10);
    assertThat(settings.warmup().toSeconds()).isEqualTo(120);
    assertThat(settings.rate().perSecond()).isEqualTo(SoakRate.DEFAULT_P1 / 2);
  }

  @Test
  void fullCollectionsOncePerThirdOfMinutesTwoOnAndNeverInTheLastMinuteOfATenMinuteRun(@TempDir Path home) {
    SoakSettings settings = SoakSettings.fromEnvironment(home, env());
    // minutes 2..10 are 60..600 s: thirds from 60, 240 and 420 s
    assertThat(settings.fullGcRounds()).containsExactly(70L, 250L, 430L);
    assertThat(settings.fullGcRounds()).allMatch(s -> s < 9 * 60 - 20);
  }

  @Test
  void noFullCollectionsWhenTurnedOff(@TempDir Path home) {
    assertThat(SoakSettings.fromEnvironment(home, env("IDNET_SOAK_FULL_GC", "0")).fullGcRounds()).isEmpty();
  }

  @Test
  void withoutTheGcLogOfBinSoakItSaysHowToStart(@TempDir Path home) {
    Map<String, String> env = env();
    env.put("IDNET_SERVICE_JVM_OPTS", "-Xmx512m");
    assertThatThrownBy(() -> SoakSettings.fromEnvironment(home, env)).hasMessageContaining("bin/soak");
  }
}
