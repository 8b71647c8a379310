package org.idnet.gateway.nearcache;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.idnet.redis.RedisEndpoint;
import org.idnet.redis.RedisFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens to identity-service's invalidation channel on a Redis connection of its own and hands
 * every announcement to the {@link NearCache}. The cache serves only between the channel's
 * subscription being confirmed and the connection being lost: a lost connection turns it off
 * (and empties it) at once, Lettuce reconnects and subscribes again by itself, and the
 * confirmation turns it on again, empty. A first connection that fails is retried every
 * {@code retryDelay}. A connection that dies silently is not noticed at once, which is why every
 * entry also expires within the cache's short TTL.
 */
public final class InvalidationSubscriber implements AutoCloseable {

  static final int MAX_TAG_LENGTH = 128;

  private static final Logger log = LoggerFactory.getLogger(InvalidationSubscriber.class);

  private final NearCache cache;
  private final String channel;
  private final String where;
  private final RedisURI uri;
  private final ClientResources resources;
  private final RedisClient client;
  private final long retryMillis;
  private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().daemon().name("near-cache-subscriber").factory());
  private volatile StatefulRedisPubSubConnection<String, String> connection;
  private volatile boolean closed;
  private volatile boolean failing;

  public InvalidationSubscriber(RedisEndpoint redis, String channel, Duration retryDelay, NearCache cache) {
    this.cache = cache;
    this.channel = channel;
    this.where = redis.where();
    this.retryMillis = retryDelay.toMillis();
    this.uri = redis.uri(Duration.ofSeconds(2));
    this.resources = ClientResources.builder().ioThreadPoolSize(1).computationThreadPoolSize(1)
        .reconnectDelay(Delay.constant(retryDelay)).build();
    this.client = RedisClient.create(resources, uri);
    client.setOptions(redis.applyTo(ClientOptions.builder()
        .autoReconnect(true)
        .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).keepAlive(true).build()))
        .build());
    client.addListener(new RedisConnectionStateListener() {
      @Override
      public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
        if (cache.isOnline()) {
          log.warn("near cache off: the invalidation channel (Redis at {}) was lost; answering from the backend", where);
        }
        cache.offline();
      }
    });
  }

  /** Subscribes in the background; the cache serves once the subscription is confirmed. */
  public void start() {
    retries.execute(this::connect);
  }

  private void connect() {
    if (closed) {
      return;
    }
    client.connectPubSubAsync(StringCodec.UTF8, uri).whenComplete((opened, error) -> {
      if (error != null) {
        // Once per outage, not at every retry.
        if (!failing) {
          failing = true;
          log.warn("near cache off until the invalidation channel (Redis at {}) is reachable: {}", where,
              RedisFailures.describe(error));
        }
        if (!closed) {
          retries.schedule(this::connect, retryMillis, TimeUnit.MILLISECONDS);
        }
        return;
      }
      connection = opened;
      failing = false;
      opened.addListener(new RedisPubSubAdapter<>() {
        @Override
        public void message(String from, String message) {
          // Anyone on the shared Redis may publish: only what could be a tag (or "*") is looked at.
          if (isAnnouncement(message)) {
            cache.invalidate(message);
          }
        }

        @Override
        public void subscribed(String to, long count) {
          cache.online();
          log.info("near cache on: subscribed to the invalidation channel (Redis at {})", where);
        }

        @Override
        public void unsubscribed(String from, long count) {
          cache.offline();
        }
      });
      opened.async().subscribe(channel).whenComplete((done, failed) -> {
        if (failed != null) {
          // E.g. an ACL without the channel: try again later on a new connection, never serve meanwhile.
          log.warn("near cache off: could not subscribe to the invalidation channel (retrying): {}",
              RedisFailures.describe(failed));
          opened.closeAsync();
          if (!closed) {
            retries.schedule(this::connect, retryMillis, TimeUnit.MILLISECONDS);
          }
        }
      });
      if (closed) {
        opened.close();
      }
    });
  }

  /** "*" or an opaque tag: 1-128 printable ASCII characters (identity's are a prefix and 22 base64url ones). */
  static boolean isAnnouncement(String message) {
    if (message == null || message.isEmpty() || message.length() > MAX_TAG_LENGTH) {
      return false;
    }
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    closed = true;
    cache.offline();
    retries.shutdownNow();
    StatefulRedisPubSubConnection<String, String> current = connection;
    if (current != null) {
      current.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }
}
