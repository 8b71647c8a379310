package org.idnet.gateway.security;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.idnet.caller.evidence.IssuerUrls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The issuer's signing keys (JWKS configured, or found by OIDC discovery), kept in memory so that in steady state
 * no request calls the issuer.
 * <ul>
 *   <li>A token whose {@code kid} is not in the kept set may trigger a refetch, at most once per
 *       {@code minRefetch} (a minute) whatever the {@code kid}s, so a flood of tokens with made-up
 *       key ids, or an issuer that is down, never turns into a flood of calls to the issuer; while
 *       one fetch is under way, every request waits for that one.</li>
 *   <li>A failed fetch keeps the last good set: an issuer briefly down does not lock everybody
 *       out. Only while no set was ever fetched is a token refused for want of keys
 *       ({@link KeysUnavailableException}, answered 503).</li>
 *   <li>The set is also fetched on a schedule ({@link #refreshEvery}), so a key the issuer
 *       removed stops verifying within that time; listeners hear every new set (the cache of
 *       verified tokens forgets the tokens of keys that are gone).</li>
 *   <li>The issuer and the {@code jwks_uri} its discovery document names must be https (plain
 *       http only to this machine, {@link IssuerUrls}): a discovered plain-http {@code jwks_uri}
 *       elsewhere is logged and never fetched, so no key comes from it.</li>
 * </ul>
 */
public final class CachingJwkSource implements Function<SignedJWT, Flux<JWK>> {

  private static final Logger log = LoggerFactory.getLogger(CachingJwkSource.class);

  private final Supplier<WebClient> web;
  private final String issuer;
  private final Clock clock;
  private final Duration minRefetch;
  private final List<Consumer<Set<String>>> listeners = new CopyOnWriteArrayList<>();
  private volatile JWKSet keys;
  private volatile String jwksUri;
  private Instant lastAttempt = Instant.EPOCH; // guarded by this
  private Mono<JWKSet> inFlight; // guarded by this

  /** @param issuer https, or plain http only to this machine ({@link IssuerUrls}), as its discovered {@code jwks_uri} */
  public CachingJwkSource(WebClient web, String issuer, Clock clock, Duration minRefetch) {
    this(web, issuer, null, clock, minRefetch);
  }

  /**
   * @param jwksUri the issuer's JWKS (https by the same rule); null: found by discovery. Set, the
   *     discovery document is never fetched (in a cluster the JWKS may be reached at an in-cluster
   *     address while {@code issuer} stays the public name tokens carry in {@code iss})
   */
  public CachingJwkSource(WebClient web, String issuer, String jwksUri, Clock clock, Duration minRefetch) {
    this(() -> web, issuer, jwksUri, clock, minRefetch);
  }

  /**
   * @param web a client per fetch (discovery and JWKS), so one that trusts the CAs of
   *     {@code idnet.gateway.jwt.trust-file} reads that file as it is at each fetch
   */
  public CachingJwkSource(Supplier<WebClient> web, String issuer, String jwksUri, Clock clock, Duration minRefetch) {
    IssuerUrls.require("idnet.gateway.jwt.issuer-uri", issuer);
    if (jwksUri != null) {
      IssuerUrls.require("idnet.gateway.jwt.jwks-uri", jwksUri);
    }
    this.jwksUri = jwksUri;
    this.web = web;
    this.issuer = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    this.clock = clock;
    this.minRefetch = minRefetch;
  }

  /** Hears the key ids of every set fetched. */
  public void onNewKeys(Consumer<Set<String>> listener) {
    listeners.add(listener);
  }

  @Override
  public Flux<JWK> apply(SignedJWT jwt) {
    String kid = jwt.getHeader().getKeyID();
    JWKSet known = keys;
    if (known != null) {
      List<JWK> found = select(known, kid);
      if (!found.isEmpty()) {
        return Flux.fromIterable(found);
      }
    }
    return fetch(false).flatMapIterable(set -> select(set, kid))
        .switchIfEmpty(Flux.defer(() -> keys == null
            ? Flux.error(new KeysUnavailableException("the issuer's keys could not be fetched yet"))
            : Flux.empty()));
  }

  /**
   * Fetches the set every {@code period} on {@code scheduler}, whatever was fetched in between
   * (the period is its own bound on calls to the issuer). Dispose the answer to stop.
   */
  public Disposable refreshEvery(Duration period, Scheduler scheduler) {
    return Flux.interval(period, period, scheduler)
        .concatMap(tick -> fetch(true).onErrorResume(e -> Mono.empty()), 1)
        .subscribe();
  }

  /**
   * The set after a fetch if one may start now (or is under way), else the set kept; empty when
   * none was ever fetched. Unscheduled fetches start at most once per {@code minRefetch}.
   */
  synchronized Mono<JWKSet> fetch(boolean scheduled) {
    if (inFlight != null) {
      return inFlight;
    }
    Instant now = clock.instant();
    if (!scheduled && now.isBefore(lastAttempt.plus(minRefetch))) {
      return Mono.justOrEmpty(keys);
    }
    lastAttempt = now;
    Mono<JWKSet> fetch = Mono.fromSupplier(web)
        .flatMap(client -> jwksUri(client).flatMap(uri -> client.get().uri(uri).retrieve().bodyToMono(String.class)))
        .map(CachingJwkSource::parse)
        .doOnNext(this::keep)
        // Done before anyone hears the answer, so a request right after it may start the next.
        .doOnNext(set -> done())
        .onErrorResume(e -> {
          done();
          log.warn("could not fetch the issuer's keys ({}); keeping the {}", e.getMessage(),
              keys == null ? "none there are" : "last good set");
          return Mono.justOrEmpty(keys);
        })
        .doFinally(signal -> done())
        .cache();
    inFlight = fetch;
    return fetch;
  }

  private synchronized void done() {
    inFlight = null;
  }

  private void keep(JWKSet set) {
    keys = set;
    Set<String> kids = set.getKeys().stream().map(JWK::getKeyID).filter(k -> k != null)
        .collect(Collectors.toUnmodifiableSet());
    listeners.forEach(listener -> listener.accept(kids));
  }

  private Mono<String> jwksUri(WebClient web) {
    String known = jwksUri;
    if (known != null) {
      return Mono.just(known);
    }
    return web.get().uri(issuer + "/.well-known/openid-configuration").retrieve()
        .bodyToMono(Map.class)
        .map(discovery -> {
          Object value = discovery.get("jwks_uri");
          if (!(value instanceof String s) || s.isBlank()) {
            throw new IllegalStateException("the issuer's discovery document has no jwks_uri");
          }
          if (!issuer.equals(discovery.get("issuer"))) {
            throw new IllegalStateException("discovery names another issuer than " + issuer);
          }
          // The discovery document is no more trusted than a setting: the same https rule.
          try {
            IssuerUrls.require("the jwks_uri of the issuer's discovery document", s);
          } catch (IllegalArgumentException refused) {
            log.error("issuer {}: {}", issuer, refused.getMessage());
            throw refused;
          }
          jwksUri = s;
          return s;
        });
  }

  private static List<JWK> select(JWKSet set, String kid) {
    return set.getKeys().stream().filter(k -> kid == null || kid.equals(k.getKeyID())).toList();
  }

  private static JWKSet parse(String json) {
    try {
      return JWKSet.parse(json);
    } catch (ParseException e) {
      throw new IllegalStateException("the issuer's JWKS is not valid", e);
    }
  }
}
