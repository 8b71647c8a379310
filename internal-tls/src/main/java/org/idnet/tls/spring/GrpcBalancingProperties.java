package org.idnet.tls.spring;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How calls spread over the pods of a backend behind a headless Service ({@code dns:///} target: one
 * address per ready pod), under {@code idnet.grpc}.
 *
 * @param loadBalancingPolicy the channels' policy, in their default service config: {@code round_robin}
 *     (default: a call to every address in turn) or {@code pick_first} (one address for everything)
 * @param maxConnectionAge servers close every connection after about this long (grpc adds ±10 %
 *     jitter; default 5 min), so clients resolve the name again and reach pods added since
 * @param maxConnectionAgeGrace calls under way on a connection being closed get this long to finish
 *     (default 30 s, more than the longest deadline, 5 s)
 */
@ConfigurationProperties("idnet.grpc")
public record GrpcBalancingProperties(@DefaultValue("round_robin") String loadBalancingPolicy,
    @DefaultValue("5m") Duration maxConnectionAge, @DefaultValue("30s") Duration maxConnectionAgeGrace) {

  public GrpcBalancingProperties {
    if (!"round_robin".equals(loadBalancingPolicy) && !"pick_first".equals(loadBalancingPolicy)) {
      throw new IllegalArgumentException("idnet.grpc.load-balancing-policy must be round_robin or pick_first, not "
          + loadBalancingPolicy);
    }
    if (!maxConnectionAge.isPositive() || maxConnectionAgeGrace.isNegative()) {
      throw new IllegalArgumentException("idnet.grpc.max-connection-age must be positive and "
          + "idnet.grpc.max-connection-age-grace not negative");
    }
  }

  /** The server side: connections end after {@link #maxConnectionAge}, with the grace. */
  public NettyServerBuilder applyTo(NettyServerBuilder server) {
    return server.maxConnectionAge(maxConnectionAge.toMillis(), TimeUnit.MILLISECONDS)
        .maxConnectionAgeGrace(maxConnectionAgeGrace.toMillis(), TimeUnit.MILLISECONDS);
  }
}
