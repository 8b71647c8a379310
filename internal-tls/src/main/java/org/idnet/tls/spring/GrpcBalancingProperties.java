package org.idnet.tls.spring;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.idnet.tls.ChannelUpkeep;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How calls spread over the pods of a backend behind a headless Service ({@code dns:///} target: one
 * address per ready pod), and how connections that died without a word are found, under
 * {@code idnet.grpc}.
 *
 * @param loadBalancingPolicy the channels' policy, in their default service config: {@code round_robin}
 *     (default: a call to every address in turn) or {@code pick_first} (one address for everything)
 * @param maxConnectionAge servers close every connection after about this long (grpc adds ±10 %
 *     jitter; default 5 min), so clients resolve the name again and reach pods added since
 * @param maxConnectionAgeGrace calls under way on a connection being closed get this long to finish
 *     (default 30 s, more than the longest deadline, 5 s)
 * @param keepAliveTime every channel pings a connection quiet this long, idle or not (default 30 s,
 *     at least 10 s)
 * @param keepAliveTimeout a ping unanswered this long closes the connection, which is replaced
 *     (default 10 s): a half-open connection is given up within time + timeout
 * @param reconnectEvery while a channel cannot reach its server, it tries again this often (default
 *     2 s; gRPC's own back-off grows to 2 min, so a restarted service went unused for about as long
 *     as it had been down)
 * @param permitKeepAliveTime servers accept pings this often, with or without calls (default 10 s;
 *     at most keep-alive-time). grpc-java's own default, 5 min and only during calls, answers a
 *     client pinging more often with GOAWAY {@code too_many_pings} and closes the connection, calls
 *     under way included
 */
@ConfigurationProperties("idnet.grpc")
public record GrpcBalancingProperties(@DefaultValue("round_robin") String loadBalancingPolicy,
    @DefaultValue("5m") Duration maxConnectionAge, @DefaultValue("30s") Duration maxConnectionAgeGrace,
    @DefaultValue("30s") Duration keepAliveTime, @DefaultValue("10s") Duration keepAliveTimeout,
    @DefaultValue("2s") Duration reconnectEvery, @DefaultValue("10s") Duration permitKeepAliveTime) {

  public GrpcBalancingProperties {
    if (!"round_robin".equals(loadBalancingPolicy) && !"pick_first".equals(loadBalancingPolicy)) {
      throw new IllegalArgumentException("idnet.grpc.load-balancing-policy must be round_robin or pick_first, not "
          + loadBalancingPolicy);
    }
    if (!maxConnectionAge.isPositive() || maxConnectionAgeGrace.isNegative()) {
      throw new IllegalArgumentException("idnet.grpc.max-connection-age must be positive and "
          + "idnet.grpc.max-connection-age-grace not negative");
    }
    new ChannelUpkeep(keepAliveTime, keepAliveTimeout, reconnectEvery);
    if (!permitKeepAliveTime.isPositive() || permitKeepAliveTime.compareTo(keepAliveTime) > 0) {
      throw new IllegalArgumentException("idnet.grpc.permit-keep-alive-time must be positive and at most "
          + "idnet.grpc.keep-alive-time (" + keepAliveTime + "), not " + permitKeepAliveTime);
    }
  }

  /** The channels' side. */
  public ChannelUpkeep upkeep() {
    return new ChannelUpkeep(keepAliveTime, keepAliveTimeout, reconnectEvery);
  }

  /**
   * The server side: connections end after {@link #maxConnectionAge}, with the grace; clients' pings
   * are accepted down to {@link #permitKeepAliveTime}, also on connections without calls.
   */
  public NettyServerBuilder applyTo(NettyServerBuilder server) {
    return server.maxConnectionAge(maxConnectionAge.toMillis(), TimeUnit.MILLISECONDS)
        .maxConnectionAgeGrace(maxConnectionAgeGrace.toMillis(), TimeUnit.MILLISECONDS)
        .permitKeepAliveTime(permitKeepAliveTime.toMillis(), TimeUnit.MILLISECONDS)
        .permitKeepAliveWithoutCalls(true);
  }
}
