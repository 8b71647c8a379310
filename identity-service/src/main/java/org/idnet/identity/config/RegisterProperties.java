package org.idnet.identity.config;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The national population register, under {@code idnet.identity.register}. Outside the sandbox
 * profile {@code url} and {@code api-key} are required; the sandbox uses the synthetic population
 * and reads none of this.
 *
 * @param url base URL of the register API; confirmations go to {@code {url}/v1/citizen-confirmations}
 * @param apiKey sent in {@code apiKeyHeader} on every call; from a secret, never logged
 * @param apiKeyHeader header carrying the key (default {@code X-Api-Key})
 * @param connectTimeout TCP connect timeout (default 2s)
 * @param requestTimeout whole-request timeout (default 3s)
 * @param breaker when to stop calling a failing register
 */
@ConfigurationProperties("idnet.identity.register")
public record RegisterProperties(
    URI url,
    String apiKey,
    @DefaultValue("X-Api-Key") String apiKeyHeader,
    @DefaultValue("2s") Duration connectTimeout,
    @DefaultValue("3s") Duration requestTimeout,
    @DefaultValue Breaker breaker) {

  /**
   * @param failureRateThreshold percentage of failed calls that opens the breaker (default 50)
   * @param slidingWindowSize calls the rate is computed over (default 20)
   * @param minimumNumberOfCalls calls before the rate counts (default 10)
   * @param waitInOpenState how long the breaker stays open before probing again (default 30s)
   */
  public record Breaker(
      @DefaultValue("50") float failureRateThreshold,
      @DefaultValue("20") int slidingWindowSize,
      @DefaultValue("10") int minimumNumberOfCalls,
      @DefaultValue("30s") Duration waitInOpenState) {
  }

  @Override
  public String toString() {
    return "RegisterProperties[url=" + url + ", apiKey=" + (apiKey == null ? "unset" : "***") + ", apiKeyHeader="
        + apiKeyHeader + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout + ", breaker="
        + breaker + "]";
  }
}
