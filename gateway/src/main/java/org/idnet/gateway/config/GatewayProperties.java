package org.idnet.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.idnet.caller.evidence.IssuerUrls;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything the gateway is told, under {@code idnet.gateway}.
 *
 * @param jwt how tokens are checked
 * @param backends gRPC backends by name; only the services listed here get routes, which is how
 *     the sandbox-only routes exist only in the sandbox
 * @param rateLimits token buckets per rate class of the contract ({@code default}, {@code check},
 *     {@code otp-send}, ...), per client
 * @param maxBodyBytes larger request bodies are refused with 413 (default 64 KiB)
 * @param maxBodyBytesPerClass a larger limit for the routes of a rate class, e.g. {@code imports}
 *     (batches of 1000 lines); a class not named here has {@code maxBodyBytes}
 * @param unprocessableReasons FAILED_PRECONDITION reasons answered 422 rather than 409
 * @param goneReasons FAILED_PRECONDITION reasons answered 410 rather than 409
 * @param hotRoutes ids of GET routes served by the hot path for tokens already verified (default:
 *     verify-account); empty: none
 * @param tokenCache how many verified tokens are remembered, in all and per client
 * @param unverifiedTokenLimit the per-address limit on tokens not verified yet
 * @param deniedClients where the deny list of disabled clients lives in Redis
 * @param trustedProxies CIDRs of the proxies in front (the ingress pods): only from a peer in them is
 *     the client address taken from {@code X-Forwarded-For}; empty (default): the socket's peer
 */
@ConfigurationProperties("idnet.gateway")
public record GatewayProperties(
    Jwt jwt,
    Map<String, BackendProperties> backends,
    Map<String, RateLimit> rateLimits,
    @DefaultValue("65536") int maxBodyBytes,
    Map<String, Integer> maxBodyBytesPerClass,
    @DefaultValue({"identity-not-confirmed", "guardian-required", "idempotency-key-reused",
        "fields-not-permitted", "unknown-legal-basis", "emergency-not-permitted", "too-many-webhook-endpoints",
        "too-many-open-imports", "return-url-not-registered", "too-many-return-urls", "level-not-reached"})
    Set<String> unprocessableReasons,
    @DefaultValue("package-expired") Set<String> goneReasons,
    @DefaultValue("idnet.identity.v1.AccountVerificationService/CheckAccount") List<String> hotRoutes,
    @DefaultValue TokenCache tokenCache,
    @DefaultValue UnverifiedTokenLimit unverifiedTokenLimit,
    @DefaultValue DeniedClients deniedClients,
    List<String> trustedProxies) {

  public GatewayProperties {
    trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    backends = backends == null ? Map.of() : backends;
    rateLimits = rateLimits == null ? Map.of() : rateLimits;
    maxBodyBytesPerClass = maxBodyBytesPerClass == null ? Map.of() : Map.copyOf(maxBodyBytesPerClass);
    maxBodyBytesPerClass.forEach((rateClass, limit) -> {
      if (limit < 1) {
        throw new IllegalStateException("idnet.gateway.max-body-bytes-per-class." + rateClass + " must be positive");
      }
    });
    hotRoutes = hotRoutes == null ? List.of() : hotRoutes;
  }

  /**
   * @param issuerUri the OIDC issuer; its JWKS is found by discovery and cached. https, or plain
   *     http only to this machine ({@link IssuerUrls}): whoever answers it decides which tokens pass
   * @param audience the {@code aud} every token must carry
   * @param clockSkew tolerance on {@code exp}/{@code nbf} (at most 60 s)
   * @param jwksRefresh the issuer's keys are fetched again this often (at least 1 s), so a key
   *     removed at the issuer stops verifying within that time
   * @param jwksUri the issuer's JWKS (https likewise); unset: found by OIDC discovery from {@code issuerUri}
   * @param trustFile a PEM bundle of the CAs that may sign the issuer's HTTPS certificate (read again
   *     at every fetch); unset: the JVM's trust store
   */
  public record Jwt(String issuerUri, @DefaultValue("idnet") String audience,
      @DefaultValue("30s") Duration clockSkew, @DefaultValue("5m") Duration jwksRefresh, String jwksUri,
      java.nio.file.Path trustFile) {

    public Jwt {
      if (issuerUri != null && !issuerUri.isBlank()) {
        IssuerUrls.require("idnet.gateway.jwt.issuer-uri", issuerUri);
      }
      jwksUri = jwksUri == null || jwksUri.isBlank() ? null : jwksUri;
      if (jwksUri != null) {
        IssuerUrls.require("idnet.gateway.jwt.jwks-uri", jwksUri);
      }
      if (jwksRefresh.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("idnet.gateway.jwt.jwks-refresh must be at least 1s, not " + jwksRefresh);
      }
    }
  }

  /**
   * @param maxEntries verified tokens remembered in all; the least recently used goes first
   * @param maxPerClient a client's share once the cache is full: a client holding this many tokens
   *     or more evicts its own oldest before anyone else's
   */
  public record TokenCache(@DefaultValue("10000") int maxEntries, @DefaultValue("64") int maxPerClient) {
  }

  /**
   * A token bucket per source address for requests whose bearer token is not verified yet.
   *
   * @param replenishRate tokens per second (may be below 1)
   * @param burstCapacity tokens held at most
   * @param maxAddresses addresses remembered at most (least recently seen forgotten first)
   */
  public record UnverifiedTokenLimit(@DefaultValue("20") double replenishRate,
      @DefaultValue("200") int burstCapacity, @DefaultValue("50000") int maxAddresses) {
  }

  /**
   * @param key the Redis set of denied client ids
   * @param channel the Redis channel on which a change is announced
   * @param reloadEvery the set is read again this often whatever was announced
   */
  public record DeniedClients(@DefaultValue("idnet:gateway:denied-clients") String key,
      @DefaultValue("idnet:gateway:denied-clients") String channel, @DefaultValue("60s") Duration reloadEvery) {
  }

  /**
   * @param target gRPC target, e.g. {@code identity-service:9090} or {@code dns:///identity:9090}
   * @param services full proto service names this backend serves
   * @param deadline deadline of every call
   * @param peer the idnet service the backend's certificate must name ({@code spiffe://idnet/<peer>});
   *     the channel refuses any other server
   */
  public record BackendProperties(String target, List<String> services, @DefaultValue("2s") Duration deadline,
      String peer) {

    public BackendProperties {
      if (peer == null || peer.isBlank()) {
        throw new IllegalArgumentException("idnet.gateway.backends.*.peer is not set for " + target
            + ": name the service its certificate must prove (spiffe://idnet/<peer>), e.g. identity-service");
      }
    }
  }

  /**
   * A token bucket: {@code replenishRate} tokens a second, at most {@code burstCapacity} held,
   * {@code requestedTokens} taken per request (raise it for limits under one request a second:
   * rate 1, burst 60, requested 60 is one request a minute).
   */
  public record RateLimit(int replenishRate, long burstCapacity, @DefaultValue("1") int requestedTokens) {

    public RateLimit {
      if (replenishRate < 1 || requestedTokens < 1 || burstCapacity < requestedTokens) {
        throw new IllegalArgumentException("idnet.gateway.rate-limits: replenish-rate and requested-tokens must be at"
            + " least 1 and burst-capacity at least requested-tokens (else no request could ever pass), not "
            + replenishRate + "/" + burstCapacity + "/" + requestedTokens);
      }
    }
  }
}
