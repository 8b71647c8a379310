package org.idnet.admin.denylist;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.idnet.admin.onboarding.ClientId;
import org.idnet.admin.onboarding.DenyList;
import org.idnet.admin.onboarding.OnboardingException;
import org.idnet.redis.RedisEndpoint;
import org.idnet.redis.RedisFailures;

/**
 * The gateways' deny-list in Redis: the set {@value #KEY} holds the denied client ids, and each change
 * is announced on the channel of the same name (payload: the client id). Gateways hold the set in
 * memory and re-read it when told, so a request never waits for Redis. The change and the message go
 * in one MULTI/EXEC: a gateway is never told of a change that did not happen.
 */
public final class RedisDenyList implements DenyList {

  /** The set of denied client ids, and the channel announcing a change to it. */
  public static final String KEY = "idnet:gateway:denied-clients";
  public static final String CHANNEL = KEY;
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final RedisEndpoint redis;

  /**
   * Parses the URL (nothing is sent yet); refuses a malformed one, a password sent in clear text and
   * a CA file that is missing, holds no certificate or goes with a plain URL.
   *
   * @param trustFile the PEM file of the CA that signed Redis's certificate (the gateways'
   *     {@code idnet.redis.trust-file}), or null for the JVM's trust store
   */
  public RedisDenyList(String url, Path trustFile) {
    this.redis = RedisUrls.parse(url, trustFile);
  }

  @Override
  public long deny(ClientId id) {
    return change(id, true);
  }

  @Override
  public long allow(ClientId id) {
    return change(id, false);
  }

  @Override
  public Set<String> members() {
    return withRedis("could not read the deny-list", redis -> new TreeSet<>(redis.smembers(KEY)));
  }

  /** Where the deny-list is, for messages: hosts and ports only (a URL may hold a password). */
  public String where() {
    return redis.where();
  }

  private long change(ClientId id, boolean deny) {
    return withRedis("did not take the change", redis -> {
      redis.multi();
      if (deny) {
        redis.sadd(KEY, id.value());
      } else {
        redis.srem(KEY, id.value());
      }
      redis.publish(CHANNEL, id.value());
      TransactionResult result = redis.exec();
      if (result.wasDiscarded()) {
        throw new RedisException("the transaction was discarded");
      }
      return (Long) result.get(1);
    });
  }

  private <T> T withRedis(String failure, Function<RedisCommands<String, String>, T> work) {
    RedisClient client = RedisClient.create(redis.uri(TIMEOUT));
    // Fail fast instead of retrying in the background: the operator is waiting for an answer.
    client.setOptions(redis.applyTo(ClientOptions.builder().autoReconnect(false)
        .socketOptions(SocketOptions.builder().connectTimeout(TIMEOUT).build())
        .timeoutOptions(TimeoutOptions.enabled(TIMEOUT))
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)).build());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      return work.apply(connection.sync());
    } catch (RedisException e) {
      throw OnboardingException.failed("Redis at " + where() + " " + failure + " (" + RedisFailures.describe(e) + ")",
          e);
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
