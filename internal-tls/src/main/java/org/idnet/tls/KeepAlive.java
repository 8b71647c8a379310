package org.idnet.tls;

import java.time.Duration;

/**
 * How a channel finds out that its connection is dead when nothing says so (the peer's host
 * vanished, a NAT or firewall dropped the connection: "half-open"): an HTTP/2 PING after
 * {@code time} without a byte from the peer, the connection closed and replaced if no answer comes
 * within {@code timeout}. Without it a channel sends every call into the dead connection until TCP
 * gives up, which it never does while nothing is unacknowledged; each call only ends at its deadline.
 *
 * @param time quiet time before a ping; at least 10 s (grpc-java raises anything lower to that)
 * @param timeout how long a ping may go unanswered
 */
public record KeepAlive(Duration time, Duration timeout) {

  /** grpc-java's floor for the ping interval. */
  public static final Duration MIN_TIME = Duration.ofSeconds(10);
  public static final KeepAlive DEFAULT = new KeepAlive(Duration.ofSeconds(30), Duration.ofSeconds(10));

  public KeepAlive {
    if (time.compareTo(MIN_TIME) < 0) {
      throw new IllegalArgumentException("idnet.grpc.keep-alive-time must be at least 10s (gRPC's floor), not " + time);
    }
    if (!timeout.isPositive()) {
      throw new IllegalArgumentException("idnet.grpc.keep-alive-timeout must be positive, not " + timeout);
    }
  }
}
