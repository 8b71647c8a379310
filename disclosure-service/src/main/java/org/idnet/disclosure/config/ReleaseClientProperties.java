package org.idnet.disclosure.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How disclosure-service asks identity-service for identity data, under {@code idnet.disclosure.identity}.
 *
 * @param target identity-service's gRPC address (default {@code localhost:9092}), any target
 *     grpc-java understands ({@code host:port}, {@code dns:///host:port})
 * @param deadline how long one ReleaseIdentity call may take (default 2s); a release runs while
 *     the workflow holds its request, so a slow identity-service costs a retry, not a stuck request
 * @param grantLifetime how long a signed grant is valid (default 30s, at most 60s: identity-service
 *     refuses longer-lived grants); covers the call and some clock difference
 */
@ConfigurationProperties("idnet.disclosure.identity")
public record ReleaseClientProperties(
    @DefaultValue("localhost:9092") String target,
    @DefaultValue("2s") Duration deadline,
    @DefaultValue("30s") Duration grantLifetime) {

  public ReleaseClientProperties {
    if (target == null || target.isBlank()) {
      throw new IllegalStateException("idnet.disclosure.identity.target is empty: it names identity-service's "
          + "gRPC address, e.g. localhost:9092");
    }
    if (deadline == null || !deadline.isPositive()) {
      throw new IllegalStateException("idnet.disclosure.identity.deadline must be positive");
    }
    if (grantLifetime == null || !grantLifetime.isPositive() || grantLifetime.compareTo(Duration.ofSeconds(60)) > 0) {
      throw new IllegalStateException("idnet.disclosure.identity.grant-lifetime must be more than 0s and at most "
          + "60s (identity-service refuses longer-lived grants), not " + grantLifetime);
    }
  }
}
