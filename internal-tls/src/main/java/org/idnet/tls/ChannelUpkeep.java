package org.idnet.tls;

import java.time.Duration;

/**
 * How a channel keeps its connections. It finds out that one is dead when nothing says so (the
 * peer's host vanished, a NAT or firewall dropped the connection: "half-open"): an HTTP/2 PING after
 * {@code keepAliveTime} without a byte from the peer, the connection closed and replaced if no answer
 * comes within {@code keepAliveTimeout}. Without it a channel sends every call into the dead connection until TCP
 * gives up, which it never does while nothing is unacknowledged; each call only ends at its deadline.
 *
 * And how soon a connection to a server that was down is tried again ({@code reconnectEvery}, see
 * {@link MutualTls#open}).
 *
 * @param keepAliveTime quiet time before a ping; at least 10 s (grpc-java raises anything lower to that)
 * @param keepAliveTimeout how long a ping may go unanswered
 * @param reconnectEvery while a channel cannot connect, it tries again at least this often
 */
public record ChannelUpkeep(Duration keepAliveTime, Duration keepAliveTimeout, Duration reconnectEvery) {

  /** grpc-java's floor for the ping interval. */
  public static final Duration MIN_TIME = Duration.ofSeconds(10);
  public static final ChannelUpkeep DEFAULT = new ChannelUpkeep(Duration.ofSeconds(30), Duration.ofSeconds(10),
      Duration.ofSeconds(2));

  public ChannelUpkeep {
    if (keepAliveTime.compareTo(MIN_TIME) < 0) {
      throw new IllegalArgumentException("idnet.grpc.keep-alive-time must be at least 10s (gRPC's floor), not " + keepAliveTime);
    }
    if (!keepAliveTimeout.isPositive()) {
      throw new IllegalArgumentException("idnet.grpc.keep-alive-timeout must be positive, not " + keepAliveTimeout);
    }
    if (reconnectEvery.compareTo(Duration.ofMillis(100)) < 0 || reconnectEvery.compareTo(Duration.ofMinutes(2)) > 0) {
      throw new IllegalArgumentException("idnet.grpc.reconnect-every must be between 100ms and 2m, not " + reconnectEvery);
    }
  }
}
