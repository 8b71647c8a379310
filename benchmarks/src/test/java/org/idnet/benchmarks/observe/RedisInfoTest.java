package org.idnet.benchmarks.observe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisInfoTest {

  @Test
  void parseWhenStatsAndCommandstatsThenHitsMissesAndCallsAndUsecPerCommand() {
    String stats = "# Stats\r\ntotal_connections_received:12\r\nkeyspace_hits:1500\r\nkeyspace_misses:25\r\n"
        + "evicted_keys:0\r\n";
    String commandstats = "# Commandstats\r\n"
        + "cmdstat_mget:calls=1200,usec=3600,usec_per_call=3.00,rejected_calls=0,failed_calls=0\r\n"
        + "cmdstat_evalsha:calls=800,usec=12000,usec_per_call=15.00,rejected_calls=0,failed_calls=1\r\n";

    assertThat(RedisInfo.parse(stats)).containsOnly(
        org.assertj.core.api.Assertions.entry("redis keyspace_hits", 1500.0),
        org.assertj.core.api.Assertions.entry("redis keyspace_misses", 25.0));
    assertThat(RedisInfo.parse(commandstats)).containsOnly(
        org.assertj.core.api.Assertions.entry("redis mget calls", 1200.0),
        org.assertj.core.api.Assertions.entry("redis mget usec", 3600.0),
        org.assertj.core.api.Assertions.entry("redis evalsha calls", 800.0),
        org.assertj.core.api.Assertions.entry("redis evalsha usec", 12000.0));
  }

  @Test
  void parseWhenEmptyOrCommentsOnlyThenNothing() {
    assertThat(RedisInfo.parse("")).isEmpty();
    assertThat(RedisInfo.parse("# Stats\r\n")).isEmpty();
  }
}
