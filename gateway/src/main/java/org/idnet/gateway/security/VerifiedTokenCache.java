package org.idnet.gateway.security;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Remembers tokens that passed every check, so a platform sending the same bearer token on
 * thousands of checks a second pays for one signature verification, not thousands. A remembered
 * token is served only while it is still within {@code exp} (the skew is not granted again),
 * after its {@code nbf}, while its client is not denied ({@link DeniedClients}) and while the
 * issuer still publishes its key ({@link #retainKeys}); anything else goes through the full
 * decoder.
 *
 * <p>Bounded, and fair between clients: while there is room every verified token stays (a platform
 * whose hundred instances each hold their own token pays a hundred checks, not one per request);
 * once {@code maxEntries} are held, a client holding {@code maxPerClient} or more tokens evicts its
 * own oldest, else the client furthest beyond that share loses its oldest, else the least recently
 * used token goes: a client minting tokens by the thousand only ever churns its own entries. Reads are lock-free;
 * a hit records its use under the lock at most once a second per token.
 */
public final class VerifiedTokenCache implements ReactiveJwtDecoder {

  private final ReactiveJwtDecoder delegate;
  private final Clock clock;
  private final int maxEntries;
  private final int maxPerClient;
  private final Predicate<String> deniedClient;
  private final ConcurrentHashMap<String, Entry> byToken = new ConcurrentHashMap<>();
  /** Least recently used first. Guarded by this, as is {@link #byClient}. */
  private final LinkedHashMap<String, Entry> byUse = new LinkedHashMap<>(256, 0.75f, true);
  private final Map<String, ArrayDeque<Entry>> byClient = new HashMap<>();
  /** The issuer's key ids as last fetched; null until known. */
  private volatile Set<String> keyIds;

  public VerifiedTokenCache(ReactiveJwtDecoder delegate, Clock clock, int maxEntries, int maxPerClient,
      Predicate<String> deniedClient) {
    if (maxEntries < 1 || maxPerClient < 1) {
      throw new IllegalArgumentException("idnet.gateway.token-cache: max-entries and max-per-client must be at least 1");
    }
    this.delegate = delegate;
    this.clock = clock;
    this.maxEntries = maxEntries;
    this.maxPerClient = maxPerClient;
    this.deniedClient = deniedClient;
  }

  @Override
  public Mono<Jwt> decode(String token) {
    Entry known = byToken.get(token);
    if (known != null) {
      if (deniedClient.test(known.clientId)) {
        return Mono.error(new ClientDisabledException());
      }
      if (stillValid(known.jwt, clock.instant())) {
        touch(known);
        return Mono.just(known.jwt);
      }
      forget(known);
    }
    return delegate.decode(token).flatMap(jwt -> {
      if (deniedClient.test(TokenCaller.clientId(jwt))) {
        return Mono.error(new ClientDisabledException());
      }
      remember(token, jwt);
      return Mono.just(jwt);
    });
  }

  /**
   * The token of an {@code Authorization: Bearer} header if it passed every check before and is
   * still valid now; null for anything else (no header, another scheme, a malformed or unknown
   * token, a denied client), which is then for the full path to judge.
   */
  public Jwt remembered(String authorization) {
    String token = BearerTokenConverter.bearerToken(authorization);
    if (token == null || !BearerTokenConverter.isB64Token(token)) {
      return null;
    }
    Entry known = byToken.get(token);
    if (known == null || deniedClient.test(known.clientId) || !stillValid(known.jwt, clock.instant())) {
      return null;
    }
    touch(known);
    return known.jwt;
  }

  /** Forgets every token signed with a key the issuer no longer publishes (or without a key id). */
  public synchronized void retainKeys(Set<String> keyIds) {
    this.keyIds = Set.copyOf(keyIds);
    for (Iterator<Entry> it = byUse.values().iterator(); it.hasNext(); ) {
      Entry entry = it.next();
      if (entry.keyId == null || !keyIds.contains(entry.keyId)) {
        it.remove();
        unlink(entry);
      }
    }
  }

  private void touch(Entry entry) {
    long second = clock.instant().getEpochSecond();
    if (entry.usedSecond != second) {
      entry.usedSecond = second;
      synchronized (this) {
        byUse.get(entry.token); // moves it to the most recently used end, if still held
      }
    }
  }

  private synchronized void remember(String token, Jwt jwt) {
    Object kid = jwt.getHeaders().get("kid");
    Set<String> published = keyIds;
    if (jwt.getExpiresAt() == null || byToken.containsKey(token)
        || published != null && !published.contains(kid)) {
      // Never a token without an end (the decoder refuses them anyway), nor one whose key was
      // withdrawn while it was being verified.
      return;
    }
    Entry entry = new Entry(token, jwt, TokenCaller.clientId(jwt), TokenCaller.rateLimitKey(jwt),
        kid instanceof String k ? k : null, clock.instant().getEpochSecond());
    if (byUse.size() >= maxEntries) {
      // Full: a client beyond its share pays first (this one, else the largest), so one client minting
      // tokens cannot push out the others'; otherwise the least recently used token goes.
      ArrayDeque<Entry> own = byClient.get(entry.client);
      ArrayDeque<Entry> over = own != null && own.size() >= maxPerClient ? own : largestBeyondShare();
      forgetLocked(over != null ? over.peekFirst() : byUse.values().iterator().next());
    }
    byClient.computeIfAbsent(entry.client, c -> new ArrayDeque<>()).addLast(entry);
    byUse.put(token, entry);
    byToken.put(token, entry);
  }

  private ArrayDeque<Entry> largestBeyondShare() {
    ArrayDeque<Entry> largest = null;
    for (ArrayDeque<Entry> tokens : byClient.values()) {
      if (tokens.size() > maxPerClient && (largest == null || tokens.size() > largest.size())) {
        largest = tokens;
      }
    }
    return largest;
  }

  private synchronized void forget(Entry entry) {
    forgetLocked(entry);
  }

  private void forgetLocked(Entry entry) {
    if (byUse.remove(entry.token) != null) {
      unlink(entry);
    }
  }

  private void unlink(Entry entry) {
    byToken.remove(entry.token, entry);
    ArrayDeque<Entry> own = byClient.get(entry.client);
    if (own != null) {
      own.remove(entry);
      if (own.isEmpty()) {
        byClient.remove(entry.client);
      }
    }
  }

  private static boolean stillValid(Jwt jwt, Instant now) {
    Instant notBefore = jwt.getNotBefore();
    return jwt.getExpiresAt() != null && now.isBefore(jwt.getExpiresAt())
        && (notBefore == null || !now.isBefore(notBefore));
  }

  int size() {
    return byToken.size();
  }

  boolean holds(String token) {
    return byToken.containsKey(token);
  }

  private static final class Entry {
    final String token;
    final Jwt jwt;
    final String clientId;
    /** Whose share of the cache it counts in: the rate-limit key (client, or client and person). */
    final String client;
    final String keyId;
    volatile long usedSecond;

    Entry(String token, Jwt jwt, String clientId, String client, String keyId, long usedSecond) {
      this.token = token;
      this.jwt = jwt;
      this.clientId = clientId;
      this.client = client;
      this.keyId = keyId;
      this.usedSecond = usedSecond;
    }
  }
}
