package org.idnet.identity.store;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.idnet.redis.RedisEndpoint;
import org.idnet.redis.RedisFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Redis the service can do without: every call either answers within the command timeout or
 * gives up, and after a failure Redis is skipped for {@code retryDelay}, so an outage costs the
 * hot path nothing but cache hits. The connection is opened in the background (never on a request
 * thread), Lettuce reconnects by itself, and service resumes within about two retry delays of
 * Redis coming back, without a restart. Behind Sentinel each reconnect asks the Sentinels for the
 * master again, so a failover is one more outage of that kind.
 */
final class FailOpenRedis implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FailOpenRedis.class);

  private final ClientResources resources;
  private final RedisClient client;
  private final RedisURI uri;
  private final String where;
  private final Duration timeout;
  private final long retryNanos;
  private final AtomicBoolean connecting = new AtomicBoolean();
  private final AtomicBoolean down = new AtomicBoolean();
  private volatile StatefulRedisConnection<String, String> connection;
  private volatile long skipUntil = System.nanoTime();

  FailOpenRedis(RedisEndpoint redis, Duration commandTimeout, Duration retryDelay) {
    this.uri = redis.uri(commandTimeout);
    this.where = redis.where();
    this.timeout = commandTimeout;
    this.retryNanos = retryDelay.toNanos();
    this.resources = ClientResources.builder().reconnectDelay(Delay.constant(retryDelay)).build();
    this.client = RedisClient.create(resources, uri);
    client.setOptions(redis.applyTo(ClientOptions.builder()
        .autoReconnect(true)
        // While disconnected, fail at once instead of queueing: the caller reads PostgreSQL.
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
        .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).keepAlive(true).build()))
        .build());
    connectInBackground();
  }

  /** Runs synchronous commands; empty if Redis is unreachable, slow or failing. */
  <T> Optional<T> call(Function<RedisCommands<String, String>, T> commands) {
    StatefulRedisConnection<String, String> current = usable();
    if (current == null) {
      return Optional.empty();
    }
    try {
      T result = commands.apply(current.sync());
      recovered();
      return Optional.ofNullable(result);
    } catch (RuntimeException e) {
      failed(e);
      return Optional.empty();
    }
  }

  /** Sends commands without waiting between them, then awaits all; false if any did not succeed. */
  boolean pipeline(Function<RedisAsyncCommands<String, String>, List<? extends Future<?>>> commands) {
    StatefulRedisConnection<String, String> current = usable();
    if (current == null) {
      return false;
    }
    try {
      List<? extends Future<?>> futures = commands.apply(current.async());
      if (futures.isEmpty()) {
        return true;
      }
      if (!LettuceFutures.awaitAll(timeout, futures.toArray(Future[]::new))) {
        failed(new TimeoutException("Redis pipeline timed out"));
        return false;
      }
      recovered();
      return true;
    } catch (RuntimeException e) {
      failed(e);
      return false;
    }
  }

  private StatefulRedisConnection<String, String> usable() {
    if (System.nanoTime() - skipUntil < 0) {
      return null;
    }
    StatefulRedisConnection<String, String> current = connection;
    if (current == null) {
      connectInBackground();
    }
    return current;
  }

  private void connectInBackground() {
    if (!connecting.compareAndSet(false, true)) {
      return;
    }
    client.connectAsync(StringCodec.UTF8, uri).whenComplete((opened, error) -> {
      if (error != null) {
        failed(error);
      } else {
        connection = opened;
      }
      connecting.set(false);
    });
  }

  private void failed(Throwable e) {
    skipUntil = System.nanoTime() + retryNanos;
    if (down.compareAndSet(false, true)) {
      // Described, never quoted: Redis messages may quote keys.
      log.warn("answer cache (Redis at {}) unavailable, answering from PostgreSQL: {}", where,
          RedisFailures.describe(e));
    }
  }

  private void recovered() {
    if (down.compareAndSet(true, false)) {
      log.info("answer cache (Redis) reachable again");
    }
  }

  @Override
  public void close() {
    StatefulRedisConnection<String, String> current = connection;
    if (current != null) {
      current.close();
    }
    client.shutdown();
    resources.shutdown();
  }
}
