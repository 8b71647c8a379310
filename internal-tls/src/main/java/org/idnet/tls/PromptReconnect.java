package org.idnet.tls;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Caps a channel's reconnect back-off. grpc-java waits longer and longer between attempts to reach
 * a server that is down (1 s, 1.6 s, 2.6 s, ... up to 2 min) and has no setting for it; a service
 * that comes back after a restart therefore got no calls for as long again (the fault suite
 * measured 10-14 s after a 15 s outage, KilledServiceFaultIT), every call failing at once
 * meanwhile. While the channel is in TRANSIENT_FAILURE this asks it to try again every
 * {@code interval} ({@code resetConnectBackoff}): one connection attempt per interval per channel,
 * which a server that is down answers with a refused connection.
 */
final class PromptReconnect {

  private final ManagedChannel channel;
  private final Duration interval;
  private final ScheduledExecutorService timer;

  private PromptReconnect(ManagedChannel channel, Duration interval, ScheduledExecutorService timer) {
    this.channel = channel;
    this.interval = interval;
    this.timer = timer;
  }

  static ManagedChannel watch(ManagedChannel channel, Duration interval, ScheduledExecutorService timer) {
    new PromptReconnect(channel, interval, timer).follow(channel.getState(false));
    return channel;
  }

  private void follow(ConnectivityState seen) {
    if (seen == ConnectivityState.SHUTDOWN) {
      return;
    }
    if (seen == ConnectivityState.TRANSIENT_FAILURE) {
      retryLater();
      return;
    }
    channel.notifyWhenStateChanged(seen, () -> follow(channel.getState(false)));
  }

  private void retryLater() {
    timer.schedule(() -> {
      ConnectivityState now = channel.getState(false);
      if (now == ConnectivityState.TRANSIENT_FAILURE) {
        channel.resetConnectBackoff();
        retryLater();
      } else {
        follow(now);
      }
    }, interval.toMillis(), TimeUnit.MILLISECONDS);
  }
}
