package org.idnet.gateway.security;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.idnet.redis.RedisFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The clients an operator has disabled, refused at once even for tokens they still hold. The
 * operator's tool disables the client at the issuer and adds its id to the Redis set
 * {@code idnet:gateway:denied-clients}, then publishes on the channel of the same name (payload:
 * the client id, or empty for "reload"). Every gateway holds the set in memory (never read per
 * request), loads it at start, reloads it whole on every message (and when its subscription is
 * made again after Redis came back, since messages sent meanwhile were lost) and every
 * {@code reloadEvery} as a backstop. While Redis is down the last known set stays.
 */
public final class DeniedClients implements Predicate<String>, SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(DeniedClients.class);
  private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(3);

  private final ReactiveStringRedisTemplate redis;
  private final LettuceConnectionFactory connections;
  private final RedisURI subscriptionUri;
  private final String key;
  private final String channel;
  private final Duration reloadEvery;
  private volatile Set<String> denied = Set.of();
  private volatile StatefulRedisPubSubConnection<String, String> subscription;
  private volatile boolean subscribing;
  private volatile Disposable backstop;

  /**
   * @param subscriptionUri where the subscription connects: the gateway's Redis URL (behind
   *     Sentinel, the master Sentinel names, asked again at each reconnect)
   */
  public DeniedClients(ReactiveStringRedisTemplate redis, LettuceConnectionFactory connections,
      RedisURI subscriptionUri, String key, String channel, Duration reloadEvery) {
    this.redis = redis;
    this.connections = connections;
    this.subscriptionUri = subscriptionUri;
    this.key = key;
    this.channel = channel;
    this.reloadEvery = reloadEvery;
  }

  /** Whether the client id is denied. */
  @Override
  public boolean test(String clientId) {
    return denied.contains(clientId);
  }

  /** Reads the whole set again; on failure the last known set stays. */
  public Mono<Set<String>> reload() {
    return redis.opsForSet().members(key).collect(Collectors.toUnmodifiableSet())
        .timeout(LOAD_TIMEOUT)
        .doOnNext(set -> {
          if (!set.equals(denied)) {
            log.info("denied clients now: {}", set);
          }
          denied = set;
        })
        .onErrorResume(e -> {
          log.warn("could not read the denied clients ({}); keeping the {} known", RedisFailures.describe(e),
              denied.size());
          return Mono.empty();
        });
  }

  @Override
  public void start() {
    reload().block(LOAD_TIMEOUT.plusSeconds(1));
    subscribe();
    backstop = Flux.interval(reloadEvery, reloadEvery)
        .concatMap(tick -> {
          if (subscription == null) {
            subscribe();
          }
          return reload();
        }, 1)
        .subscribe();
  }

  /**
   * Subscribes over a connection of its own (pub/sub takes a connection over). Lettuce
   * reconnects it and subscribes again by itself; the confirmation of each subscription reloads
   * the set. If Redis cannot be reached now, the backstop tries again.
   */
  private synchronized void subscribe() {
    if (subscription != null || subscribing) {
      return;
    }
    if (!(connections.getNativeClient() instanceof RedisClient client)) {
      log.info("Redis is a cluster: denied clients are reloaded every {} only", reloadEvery);
      return;
    }
    subscribing = true;
    // The factory's client: its options carry the TLS trust (idnet.redis.trust-file).
    client.connectPubSubAsync(StringCodec.UTF8, subscriptionUri).whenComplete((connection, error) -> {
      subscribing = false;
      if (error != null) {
        log.warn("could not subscribe to {} ({}); retrying in {}", channel, RedisFailures.describe(error),
            reloadEvery);
        return;
      }
      connection.addListener(new RedisPubSubAdapter<>() {
        @Override
        public void message(String from, String message) {
          reload().subscribe();
        }

        @Override
        public void subscribed(String to, long count) {
          reload().subscribe();
        }
      });
      connection.async().subscribe(channel);
      subscription = connection;
    });
  }

  @Override
  public void stop() {
    Disposable ticking = backstop;
    if (ticking != null) {
      ticking.dispose();
    }
    StatefulRedisPubSubConnection<String, String> connection = subscription;
    subscription = null;
    if (connection != null) {
      connection.closeAsync();
    }
  }

  @Override
  public boolean isRunning() {
    return backstop != null && !backstop.isDisposed();
  }

  /** Before the web server takes requests, so that a start with Redis up knows the set at once. */
  @Override
  public int getPhase() {
    return 0;
  }
}
