package org.idnet.otp.store;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.function.Function;
import org.idnet.otp.domain.FailureReason;
import org.idnet.otp.domain.OtpException;
import org.idnet.redis.RedisEndpoint;
import org.idnet.redis.RedisFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shared Lettuce connection, opened on first use. Commands time out quickly and are rejected
 * while disconnected, so a Redis outage turns into "store-unavailable" at once (fail closed);
 * Lettuce reconnects by itself every {@code reconnectDelay}, so service resumes without a restart.
 * Behind Sentinel each reconnect asks the Sentinels for the master again: after a failover the
 * connection lands on the promoted replica (calls in between fail closed too).
 */
public final class RedisConnector implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RedisConnector.class);

  private final ClientResources resources;
  private final RedisClient client;
  private final String where;
  private volatile StatefulRedisConnection<String, String> connection;

  public RedisConnector(RedisEndpoint redis, Duration commandTimeout, Duration reconnectDelay) {
    this.where = redis.where();
    this.resources = ClientResources.builder().reconnectDelay(Delay.constant(reconnectDelay)).build();
    this.client = RedisClient.create(resources, redis.uri(commandTimeout));
    client.setOptions(redis.applyTo(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
        .socketOptions(SocketOptions.builder().connectTimeout(commandTimeout).keepAlive(true).build()))
        .build());
  }

  /** Runs commands; any Redis trouble becomes a store-unavailable refusal. */
  public <T> T call(Function<RedisCommands<String, String>, T> commands) {
    try {
      return commands.apply(connection().sync());
    } catch (RedisCommandExecutionException e) {
      if (isTransient(e.getMessage())) {
        throw unavailable(e);
      }
      // A script or command error is our bug, not an outage; the message names no personal data.
      throw new IllegalStateException("Redis refused a command: " + e.getMessage(), e);
    } catch (RedisException e) {
      throw unavailable(e);
    }
  }

  private StatefulRedisConnection<String, String> connection() {
    StatefulRedisConnection<String, String> current = connection;
    if (current != null) {
      return current;
    }
    synchronized (this) {
      if (connection == null) {
        connection = client.connect();
      }
      return connection;
    }
  }

  private static boolean isTransient(String message) {
    return message != null && (message.startsWith("LOADING") || message.startsWith("BUSY")
        || message.startsWith("MASTERDOWN") || message.startsWith("READONLY") || message.startsWith("TRYAGAIN"));
  }

  private OtpException unavailable(RedisException e) {
    LOG.warn("Redis at {} unavailable: {}", where, RedisFailures.describe(e));
    return OtpException.of(FailureReason.STORE_UNAVAILABLE, "the verification store is unavailable; try again later", e);
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
