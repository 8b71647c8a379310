package org.idnet.web.sessions;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.web.server.WebSession;
import org.springframework.web.server.session.WebSessionStore;
import reactor.core.publisher.Mono;

/**
 * Browser sessions in Redis (docs/pages.md section 3.5), for Spring's {@code DefaultWebSessionManager}:
 * key {@code idnet:web:session:<HMAC-SHA256(id)>} ({@link SessionIds}), value sealed with the web's
 * AEAD keyset ({@link SealedAttributes}). A session ends after {@code idle} without use or
 * {@code absolute} after it began, whichever comes first; Redis forgets it at that moment too (the
 * key's lifetime). {@link WebSession#changeSessionId()} moves it to a new id and deletes the old key:
 * the pages call it at every privilege change. A Redis failure fails the request (no session is
 * ever invented or silently dropped).
 */
public final class RedisWebSessionStore implements WebSessionStore {

  private final RedisReactiveCommands<String, byte[]> redis;
  private final SessionIds ids;
  private final SealedAttributes sealed;
  private final Duration idle;
  private final Duration absolute;
  private final Clock clock;

  public RedisWebSessionStore(RedisReactiveCommands<String, byte[]> redis, SessionIds ids, SealedAttributes sealed,
      Duration idle, Duration absolute, Clock clock) {
    this.redis = redis;
    this.ids = ids;
    this.sealed = sealed;
    this.idle = idle;
    this.absolute = absolute;
    this.clock = clock;
  }

  @Override
  public Mono<WebSession> createWebSession() {
    Instant now = clock.instant();
    return Mono.just(new RedisWebSession(ids.newId(), now, now, new ConcurrentHashMap<>(), false));
  }

  @Override
  public Mono<WebSession> retrieveSession(String id) {
    if (!SessionIds.wellFormed(id)) {
      return Mono.empty();
    }
    String key = ids.redisKey(id);
    return redis.get(key).flatMap(value -> {
      SealedAttributes.Contents contents = sealed.open(key, value);
      if (contents == null) {
        return redis.del(key).then(Mono.<WebSession>empty());
      }
      RedisWebSession session = new RedisWebSession(id, contents.created(), contents.lastAccess(),
          new ConcurrentHashMap<>(contents.attributes()), true);
      if (session.isExpired()) {
        return redis.del(key).then(Mono.<WebSession>empty());
      }
      return Mono.just(session);
    });
  }

  @Override
  public Mono<Void> removeSession(String id) {
    return SessionIds.wellFormed(id) ? redis.del(ids.redisKey(id)).then() : Mono.empty();
  }

  @Override
  public Mono<WebSession> updateLastAccessTime(WebSession webSession) {
    return Mono.fromSupplier(() -> {
      ((RedisWebSession) webSession).lastAccess = clock.instant();
      return webSession;
    });
  }

  final class RedisWebSession implements WebSession {

    private final AtomicReference<String> id;
    private final Instant created;
    private volatile Instant lastAccess;
    private final Map<String, Object> attributes;
    private volatile boolean started;
    private volatile boolean invalidated;
    private volatile Duration maxIdle = idle;

    RedisWebSession(String id, Instant created, Instant lastAccess, Map<String, Object> attributes, boolean started) {
      this.id = new AtomicReference<>(id);
      this.created = created;
      this.lastAccess = lastAccess;
      this.attributes = attributes;
      this.started = started;
    }

    @Override
    public String getId() {
      return id.get();
    }

    @Override
    public Map<String, Object> getAttributes() {
      return attributes;
    }

    @Override
    public void start() {
      started = true;
    }

    @Override
    public boolean isStarted() {
      return started || !attributes.isEmpty();
    }

    @Override
    public Mono<Void> changeSessionId() {
      String old = id.getAndSet(ids.newId());
      started = true;
      return redis.del(ids.redisKey(old)).then();
    }

    @Override
    public Mono<Void> invalidate() {
      invalidated = true;
      attributes.clear();
      return redis.del(ids.redisKey(id.get())).then();
    }

    @Override
    public Mono<Void> save() {
      if (invalidated || !isStarted()) {
        return Mono.empty();
      }
      String key = ids.redisKey(id.get());
      Duration ttl = timeLeft(clock.instant());
      if (ttl.isNegative() || ttl.isZero()) {
        return redis.del(key).then();
      }
      byte[] value = sealed.seal(key, new SealedAttributes.Contents(created, lastAccess, new HashMap<>(attributes)));
      return redis.set(key, value, SetArgs.Builder.px(ttl.toMillis())).then();
    }

    /** Until the idle or the absolute limit, whichever is nearer. */
    private Duration timeLeft(Instant now) {
      Duration untilIdle = Duration.between(now, lastAccess.plus(maxIdle));
      Duration untilEnd = Duration.between(now, created.plus(absolute));
      return untilIdle.compareTo(untilEnd) < 0 ? untilIdle : untilEnd;
    }

    @Override
    public boolean isExpired() {
      if (invalidated) {
        return true;
      }
      Instant now = clock.instant();
      return !now.isBefore(lastAccess.plus(maxIdle)) || !now.isBefore(created.plus(absolute));
    }

    @Override
    public Instant getCreationTime() {
      return created;
    }

    @Override
    public Instant getLastAccessTime() {
      return lastAccess;
    }

    /** Shortens the idle limit of this request's session (never beyond the configured one). */
    @Override
    public void setMaxIdleTime(Duration maxIdleTime) {
      maxIdle = maxIdleTime.compareTo(idle) < 0 ? maxIdleTime : idle;
    }

    @Override
    public Duration getMaxIdleTime() {
      return maxIdle;
    }
  }
}
