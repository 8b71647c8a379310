package org.idnet.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceProcessTest {

  @Test
  void jvmOptionsWhenNoOverrideThenSmallC1OnlyDefaults() {
    assertThat(ServiceProcess.jvmOptions(null)).contains("-Xmx192m", "-XX:TieredStopAtLevel=1");
    assertThat(ServiceProcess.jvmOptions("  ")).contains("-Xmx192m", "-XX:TieredStopAtLevel=1");
  }

  @Test
  void jvmOptionsWhenOverriddenThenReplacedNotAppended() {
    assertThat(ServiceProcess.jvmOptions(" -Xmx512m   -XX:+UseParallelGC "))
        .containsExactly("-Xmx512m", "-XX:+UseParallelGC");
  }
}
