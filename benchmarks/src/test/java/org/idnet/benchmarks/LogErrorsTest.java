package org.idnet.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LogErrorsTest {

  @Test
  void countWhenEntriesNameAnExceptionThenCountsByItsSimpleName() {
    List<String> log = List.of(
        "2026-11-23T08:17:10.891Z ERROR 1303 --- [gateway] [llEventLoop-5-1] o.i.g.errors.ProblemExceptionHandler     : unexpected error at the gateway",
        "",
        "io.github.resilience4j.bulkhead.BulkheadFullException: Bulkhead 'identity' is full and does not permit further calls",
        "2026-11-23T08:17:11.000Z  INFO 1303 --- [gateway] [main] o.s.Something : fine",
        "2026-11-23T08:17:12.891Z ERROR 1303 --- [gateway] [llEventLoop-5-1] o.i.g.errors.ProblemExceptionHandler     : unexpected error at the gateway",
        "",
        "io.github.resilience4j.bulkhead.BulkheadFullException: Bulkhead 'identity' is full",
        "2026-11-23T08:17:13.000Z ERROR 1303 --- [gateway] [main] o.s.c.g.f.r.RedisRateLimiter : Error calling rate limiter lua",
        "2026-11-23T08:17:14.000Z  INFO 1303 --- [gateway] [main] o.s.Something : fine");
    assertThat(LogErrors.count(log)).containsExactly(
        org.assertj.core.api.Assertions.entry("BulkheadFullException", 2),
        org.assertj.core.api.Assertions.entry("Error calling rate limiter lua", 1));
  }
}
