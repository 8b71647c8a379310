package org.idnet.caller.evidence;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer's signing keys, fetched from its JWKS (found by OIDC discovery unless configured) the
 * first time a token needs one, so a service starts while the issuer is still starting.
 * <ul>
 *   <li>Kept in memory; fetched again when the set is older than {@code maxAge}, or for a key id
 *       not in it, but at most once per {@code minRefetch} whatever the key ids: made-up key ids
 *       never turn into a flood of calls to the issuer. A failed fetch keeps the last good set.</li>
 *   <li>With a {@link KeyArchive}, every key fetched is kept there, and a key id the issuer no
 *       longer publishes is looked up there: evidence signed before a rotation still verifies.</li>
 * </ul>
 * Only keys from the configured issuer's own JWKS are ever used: a token's {@code jku}, {@code x5u}
 * or {@code jwk} header is never followed, and the issuer, its JWKS and the {@code jwks_uri} its
 * discovery document names must be https ({@link IssuerUrls}: plain http only to this machine).
 * {@link #refresh()} fetches the set on a schedule (not held back by {@code minRefetch}), so a key
 * published and retired between two verifications is archived all the same.
 */
public final class IssuerKeys implements JWKSource<SecurityContext> {

  private static final Logger log = LoggerFactory.getLogger(IssuerKeys.class);
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(5);

  private final String issuer;
  private final Optional<KeyArchive> archive;
  private final Clock clock;
  private final Duration minRefetch;
  private final Duration maxAge;
  private final IssuerTrust trust;
  private final HttpClient jvmTrusting = client(null);
  private volatile URI jwksUri;
  private volatile JWKSet keys;
  private Instant fetchedAt = Instant.EPOCH; // guarded by this
  private Instant lastAttempt = Instant.EPOCH; // guarded by this

  /**
   * @param issuer the issuer URI, exactly as tokens name it in {@code iss}
   * @param jwksUri the issuer's JWKS; null: found by discovery ({@code <issuer>/.well-known/openid-configuration})
   * @param archive where every key seen is kept, or null to keep only the current set
   */
  public IssuerKeys(String issuer, URI jwksUri, KeyArchive archive, Clock clock, Duration minRefetch,
      Duration maxAge) {
    this(issuer, jwksUri, archive, clock, minRefetch, maxAge, IssuerTrust.of(null));
  }

  /** @param trust the CAs of the issuer's HTTPS certificate ({@code idnet.evidence.trust-file}) */
  public IssuerKeys(String issuer, URI jwksUri, KeyArchive archive, Clock clock, Duration minRefetch,
      Duration maxAge, IssuerTrust trust) {
    if (issuer == null || issuer.isBlank()) {
      throw new IllegalArgumentException("the evidence issuer URI is not set");
    }
    IssuerUrls.require("the evidence issuer URI", issuer);
    if (jwksUri != null) {
      IssuerUrls.require("the evidence issuer's JWKS URI", jwksUri.toString());
    }
    this.issuer = issuer;
    this.jwksUri = jwksUri;
    this.archive = Optional.ofNullable(archive);
    this.clock = clock;
    this.minRefetch = minRefetch;
    this.maxAge = maxAge;
    this.trust = trust;
  }

  public String issuer() {
    return issuer;
  }

  @Override
  public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
    JWKSet known = keys;
    if (known != null && !stale()) {
      List<JWK> found = selector.select(known);
      if (!found.isEmpty()) {
        return found;
      }
    }
    List<JWK> archived = fromArchive(selector);
    if (!archived.isEmpty()) {
      return archived;
    }
    JWKSet fetched = fetchIfAllowed();
    if (fetched == null) {
      throw new KeySourceException("the issuer's keys could not be fetched yet");
    }
    return selector.select(fetched);
  }

  private List<JWK> fromArchive(JWKSelector selector) {
    if (archive.isEmpty() || selector.getMatcher().getKeyIDs() == null) {
      return List.of();
    }
    List<JWK> found = new ArrayList<>();
    for (String kid : selector.getMatcher().getKeyIDs()) {
      if (kid != null) {
        archive.get().find(kid).ifPresent(found::add);
      }
    }
    return found.isEmpty() ? List.of() : selector.select(new JWKSet(found));
  }

  private synchronized boolean stale() {
    return clock.instant().isAfter(fetchedAt.plus(maxAge));
  }

  /**
   * Fetches the issuer's set now (archiving every key in it), whatever was fetched in between: for
   * a scheduled refresh, whose period is its own bound on calls to the issuer. (Skipping a run
   * because a fetch for an unknown key id ran a moment before would let the keys' sightings fall
   * behind by a whole period more than the schedule promises.)
   *
   * @return whether a set was fetched (false: the fetch failed and was logged; the last good set is kept)
   */
  public synchronized boolean refresh() {
    return fetch(clock.instant());
  }

  /** A fresh set if a fetch may start now, else the set kept (null when none was ever fetched). */
  private synchronized JWKSet fetchIfAllowed() {
    Instant now = clock.instant();
    if (keys != null && now.isBefore(lastAttempt.plus(minRefetch))) {
      return keys;
    }
    fetch(now);
    return keys;
  }

  private synchronized boolean fetch(Instant now) {
    lastAttempt = now;
    try {
      JWKSet set = JWKSet.parse(get(jwksUri()));
      List<JWK> publicKeys = set.toPublicJWKSet().getKeys();
      archive.ifPresent(a -> a.remember(publicKeys));
      keys = new JWKSet(publicKeys);
      fetchedAt = now;
      return true;
    } catch (IOException | ParseException | GeneralSecurityException | RuntimeException e) {
      log.warn("could not fetch the keys of issuer {} ({}: {}); keeping {}", issuer, e.getClass().getSimpleName(),
          e.getMessage(), keys == null ? "none" : "the last good set");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  private URI jwksUri() throws IOException, InterruptedException, ParseException, GeneralSecurityException {
    URI known = jwksUri;
    if (known != null) {
      return known;
    }
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    Map<String, Object> discovery = JSONObjectUtils.parse(get(URI.create(base + "/.well-known/openid-configuration")));
    if (!issuer.equals(discovery.get("issuer"))) {
      throw new IllegalStateException("discovery names another issuer");
    }
    if (!(discovery.get("jwks_uri") instanceof String uri) || uri.isBlank()) {
      throw new IllegalStateException("the discovery document has no jwks_uri");
    }
    // The discovery document is no more trusted than a setting: the same https rule.
    try {
      jwksUri = IssuerUrls.require("the jwks_uri of the issuer's discovery document", uri);
    } catch (IllegalArgumentException refused) {
      log.error("issuer {}: {}", issuer, refused.getMessage());
      throw refused;
    }
    return jwksUri;
  }

  private String get(URI uri) throws IOException, InterruptedException, GeneralSecurityException {
    // With a trust file, a client of its own per request: the file is read as it is now.
    HttpClient http = trust.file() == null ? jvmTrusting : client(trust.sslContext());
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(HTTP_TIMEOUT).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("HTTP " + response.statusCode() + " from " + uri);
    }
    return response.body();
  }

  private static HttpClient client(SSLContext tls) {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER);
    return (tls == null ? builder : builder.sslContext(tls)).build();
  }
}
