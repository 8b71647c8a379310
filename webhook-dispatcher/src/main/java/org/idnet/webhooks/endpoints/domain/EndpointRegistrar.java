package org.idnet.webhooks.endpoints.domain;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A platform's endpoints: registered with a URL that passes the target policy (its host resolved
 * and checked now, and again at every delivery), listed, deleted and given new secrets. Every call
 * names the platform, and the store reaches only that platform's endpoints.
 */
public final class EndpointRegistrar {

  /** Endpoints one platform may have. */
  public static final int MAX_ENDPOINTS = 10;
  /** How long the secret before a rotation keeps signing. */
  public static final Duration SECRET_OVERLAP = Duration.ofHours(24);
  static final int DEFAULT_MAX_IN_FLIGHT = 5;
  static final int DEFAULT_TIMEOUT_SECONDS = 10;

  private final EndpointStore store;
  private final EndpointUrls urls;
  private final SecureRandom random;
  private final Clock clock;

  public EndpointRegistrar(EndpointStore store, EndpointUrls urls, SecureRandom random, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.urls = Objects.requireNonNull(urls, "urls");
    this.random = Objects.requireNonNull(random, "random");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * @param maxInFlight 1-20, 0 for the default
   * @param timeoutSeconds 1-30, 0 for the default
   */
  public RevealedEndpoint create(String platformId, String url, List<String> eventTypes, int maxInFlight,
      int timeoutSeconds, Optional<IdempotencyClaim> claim) {
    // A repeat answers what the first call registered, whatever its host resolves to by now.
    if (claim.isPresent()) {
      Optional<RevealedEndpoint> earlier = store.replay(platformId, claim.get());
      if (earlier.isPresent()) {
        return earlier.get();
      }
    }
    NewEndpoint endpoint = new NewEndpoint(platformId, urls.check(url), EventTypes.parse(eventTypes),
        bounded("max_in_flight", maxInFlight, 20, DEFAULT_MAX_IN_FLIGHT),
        bounded("timeout_seconds", timeoutSeconds, 30, DEFAULT_TIMEOUT_SECONDS));
    return store.create(newId(), endpoint, SigningSecret.generate(random), claim, MAX_ENDPOINTS, clock.instant());
  }

  public List<Endpoint> list(String platformId) {
    return store.list(platformId);
  }

  public void delete(String platformId, String endpointId) {
    if (!store.delete(platformId, wellFormed(endpointId))) {
      throw notFound();
    }
  }

  public RevealedEndpoint rotateSecret(String platformId, String endpointId) {
    return store.rotate(platformId, wellFormed(endpointId), SigningSecret.generate(random), SECRET_OVERLAP,
        clock.instant()).orElseThrow(EndpointRegistrar::notFound);
  }

  private String newId() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return "we_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String wellFormed(String endpointId) {
    if (endpointId == null || !endpointId.matches("we_[A-Za-z0-9_-]{22}")) {
      // Someone else's id and a malformed one answer alike: neither exists for this platform.
      throw notFound();
    }
    return endpointId;
  }

  private static WebhookException notFound() {
    return WebhookException.of(FailureReason.NOT_FOUND, "no such webhook endpoint");
  }

  private static int bounded(String field, int value, int max, int defaultValue) {
    if (value == 0) {
      return defaultValue;
    }
    if (value < 1 || value > max) {
      throw WebhookException.invalid(FailureReason.INVALID_REQUEST, field, field + " must be 1-" + max);
    }
    return value;
  }
}
