package org.idnet.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WrkTest {

  private static final String REPORT = """
      Running 10s test @ http://localhost:8080
        2 threads and 32 connections
        Thread Stats   Avg      Stdev     Max   +/- Stdev
          Latency    60.12ms   20.00ms   1.20s    90.00%
          Req/Sec   270.00     30.00    400.00     70.00%
        Latency Distribution
           50%   57.40ms
           75%   70.00ms
           90%   90.00ms
           99%  123.00ms
        5330 requests in 10.00s, 1.20MB read
        Socket errors: connect 0, read 2, write 0, timeout 1
        Non-2xx or 3xx responses: 7
      Requests/sec:    533.00
      Transfer/sec:    122.00KB
      """;

  @Test
  void parseReadsCountsPercentilesAndErrors() {
    LoadResult result = Wrk.parse(REPORT);
    assertThat(result.errors()).isEqualTo(10);
    assertThat(result.operations()).isEqualTo(5320);
    assertThat(result.seconds()).isEqualTo(10.0);
    assertThat(result.latency().p50()).isEqualTo(57.4);
    assertThat(result.latency().p90()).isEqualTo(90.0);
    assertThat(result.latency().p99()).isEqualTo(123.0);
    assertThat(result.latency().max()).isEqualTo(1200.0);
    assertThat(result.clean()).isFalse();
  }

  @Test
  void parseWhenNoErrorsThenClean() {
    LoadResult result = Wrk.parse(REPORT.replaceAll("(?m)^.*(Socket errors|Non-2xx).*\\n", ""));
    assertThat(result.errors()).isZero();
    assertThat(result.throughput()).isEqualTo(533.0);
    assertThat(result.clean()).isTrue();
  }

  @Test
  void scriptTakesTheTokenFromTheEnvironmentNotTheFile() {
    String lua = WrkScript.lua("GET", List.of("/v1/accounts/a/verification", "/v1/accounts/b/verification"), List.of());
    assertThat(lua).contains("os.getenv(\"IDNET_BENCH_TOKEN\")")
        .contains("[[/v1/accounts/a/verification]]", "[[/v1/accounts/b/verification]]")
        .doesNotContain("Bearer ey");
  }
}
