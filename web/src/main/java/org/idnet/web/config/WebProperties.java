package org.idnet.web.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.idnet.keysets.KeysetSource;
import org.idnet.loopback.Loopback;
import org.idnet.keysets.vault.VaultSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The web's settings, under {@code idnet.web} (documented in application.yml).
 *
 * @param gatewayUrl the gateway's public API: https, or plain http to this machine
 * @param publicUrl where browsers reach the web; its origin is the only one a POST may come from
 * @param console the agency console (docs/pages.md section 4): off unless enabled
 * @param clientId the web's own client for hosted pages ({@code idnet-web}, role hosted-pages)
 * @param clientSecret its secret
 * @param tokenUri where that client gets its tokens (the issuer's token endpoint)
 * @param redisUrl the Redis of sessions and per-address limits (a Lettuce URI, module redis-connection)
 * @param redisTimeout of each Redis command: sessions and limits fail closed after it
 * @param sessions browser sessions
 * @param trustedProxies addresses of the edge whose {@code X-Forwarded-For} is believed
 * @param postsPerMinute per client address, over every page; fail closed
 * @param hsts send Strict-Transport-Security (not in the sandbox, which is plain http)
 * @param transparencyCache how long one transparency report is kept
 * @param trustFile PEM files (comma-separated) of the CAs the web trusts for its outbound HTTPS
 *     (gateway, issuer); unset: the JVM's trust store ({@link OutboundTrust})
 */
@ConfigurationProperties("idnet.web")
public record WebProperties(URI gatewayUrl, URI publicUrl, @DefaultValue Console console, String clientId,
    String clientSecret, URI tokenUri, @DefaultValue("redis://localhost:6379") String redisUrl,
    @DefaultValue("500ms") Duration redisTimeout, @DefaultValue Sessions sessions,
    @DefaultValue List<String> trustedProxies, @DefaultValue("30") int postsPerMinute,
    @DefaultValue("true") boolean hsts, @DefaultValue("60s") Duration transparencyCache,
    @DefaultValue List<Path> trustFile) {

  public WebProperties {
    if (gatewayUrl == null) {
      throw new IllegalArgumentException("idnet.web.gateway-url is not set: the gateway's public address");
    }
    if (publicUrl == null) {
      throw new IllegalArgumentException("idnet.web.public-url is not set: where browsers reach the web");
    }
    requireHttpsOrLoopback("idnet.web.gateway-url", gatewayUrl);
    requireHttpsOrLoopback("idnet.web.public-url", publicUrl);
    trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    trustFile = trustFile == null ? List.of() : List.copyOf(trustFile);
    if (postsPerMinute < 1) {
      throw new IllegalArgumentException("idnet.web.posts-per-minute must be at least 1");
    }
  }

  /** The web's own origin, as browsers send it in {@code Origin}: scheme://host[:port]. */
  public String publicOrigin() {
    return origin(publicUrl);
  }

  /** scheme://host[:port] of {@code uri}, the port only when not the scheme's default. */
  public static String origin(URI uri) {
    int port = uri.getPort();
    boolean defaultPort = port == -1 || ("https".equals(uri.getScheme()) && port == 443)
        || ("http".equals(uri.getScheme()) && port == 80);
    return uri.getScheme() + "://" + uri.getHost() + (defaultPort ? "" : ":" + port);
  }

  private static void requireHttpsOrLoopback(String property, URI uri) {
    boolean loopback = Loopback.isLoopback(uri.getHost());
    if (!"https".equals(uri.getScheme()) && !("http".equals(uri.getScheme()) && loopback)) {
      throw new IllegalArgumentException(property + " must be https, or plain http to this machine, not " + uri);
    }
  }

  /** @param enabled the console's routes and login (the console needs Keycloak) */
  public record Console(@DefaultValue("false") boolean enabled) {
  }

  /**
   * @param idle a session unused this long ends
   * @param absolute a session ends this long after it began, used or not
   * @param keys the sessions' keysets (session-keyset.json, session-id-keyset.json)
   */
  public record Sessions(@DefaultValue("15m") Duration idle, @DefaultValue("10h") Duration absolute,
      @DefaultValue Keys keys) {
  }

  /** As every service's keys: {@code file} in the sandbox, {@code kms} in production. */
  public record Keys(Path directory, @DefaultValue("file") KeysetSource.Provider provider, String kmsKeyUri,
      @DefaultValue("false") boolean createIfMissing, @DefaultValue VaultSettings vault) {

    public KeysetSource source() {
      return new KeysetSource(directory, provider, kmsKeyUri, createIfMissing, vault);
    }
  }
}
