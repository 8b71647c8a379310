package org.idnet.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Redis a process uses: one Lettuce URI and, for TLS, the CA that verifies the server.
 * <ul>
 *   <li>{@code redis://[:password@]host[:port][/db]} and {@code rediss://...} (TLS): one server;</li>
 *   <li>{@code redis-sentinel://[:password@]host1[:26379][,host2[:26379]][/db]#master} and
 *       {@code rediss-sentinel://...} (TLS): the master Sentinel names, asked again at every
 *       reconnect, so a failover needs no restart. A plain connection to that master, never
 *       cluster mode.</li>
 * </ul>
 * The password is the data nodes' and, unlike Lettuce's default, the Sentinels' too: Sentinel is
 * run with the same password (Redis 6.2+ accepts it as well where Sentinel has none). A password
 * never crosses the network in clear text: plain {@code redis://} with a password is accepted for
 * this machine only, plain {@code redis-sentinel://} with a password never (the master it names may
 * be anywhere). With TLS the server's certificate is verified against the PEM file
 * {@code idnet.redis.trust-file} when set (else the JVM's trust store), and Lettuce reads that file
 * again for every new connection, so a CA that cert-manager rotates is used from the next
 * reconnect on, without a restart. Host names are verified too ({@code verifyPeer=FULL}, Lettuce's
 * default); {@code ?verifyPeer=CA} checks the chain only, for a Sentinel that names masters by pod
 * IP addresses no certificate carries. No message here repeats the URL: it may hold a password.
 */
public final class RedisEndpoint {

  /** What the URL may look like, for error messages. */
  public static final String SHAPES = "redis://[:password@]host[:port][/db], rediss://... (TLS), "
      + "redis-sentinel://[:password@]host1[:26379][,host2[:26379]][/db]#master, rediss-sentinel://... (TLS)";
  /** The property naming the CA file, in every service. */
  public static final String TRUST_FILE_PROPERTY = "idnet.redis.trust-file";
  private static final Pattern SCHEME = Pattern.compile("^\\s*([A-Za-z][A-Za-z0-9+.-]{0,30})://");
  private static final Pattern USER_INFO = Pattern.compile("//[^/?#]*@");
  private static final Pattern LOOPBACK_V4 = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

  private final String property;
  private final String url;
  private final Path trustFile;
  private final RedisURI parsed;

  private RedisEndpoint(String property, String url, Path trustFile, RedisURI parsed) {
    this.property = property;
    this.url = url;
    this.trustFile = trustFile;
    this.parsed = parsed;
  }

  /**
   * Checks {@code url} (the value of {@code property}) and the trust file, and fails naming what
   * is wrong: a malformed URL, a password in clear text, a trust file that is missing, holds no
   * certificate, or is set for a URL without TLS.
   *
   * @param trustFile the CA's PEM file, or null for the JVM's trust store
   */
  public static RedisEndpoint of(String property, String url, Path trustFile) {
    RedisURI uri = parse(property, url);
    if (!uri.isSsl() && password(uri) != null && !(uri.getSentinels().isEmpty() && loopback(uri.getHost()))) {
      throw new IllegalArgumentException("refusing " + scheme(url) + ":// with a password to " + where(uri) + " ("
          + property + "): the password would cross the network in clear text. Use rediss:// or rediss-sentinel://"
          + " (TLS); plain redis:// with a password is for this machine only");
    }
    if (trustFile != null) {
      if (!uri.isSsl()) {
        throw new IllegalArgumentException(TRUST_FILE_PROPERTY + " is set but " + property + " (" + scheme(url)
            + "://) does not use TLS: use rediss:// or rediss-sentinel://, or unset " + TRUST_FILE_PROPERTY);
      }
      TrustFile.check(trustFile);
    }
    return new RedisEndpoint(property, url, trustFile, uri);
  }

  /** A new URI each call (callers set their own timeouts), with the password on every Sentinel. */
  public RedisURI uri() {
    return parse(property, url);
  }

  /** A new URI like {@link #uri()} whose commands time out after {@code timeout}. */
  public RedisURI uri(Duration timeout) {
    RedisURI uri = uri();
    uri.setTimeout(timeout);
    uri.getSentinels().forEach(sentinel -> sentinel.setTimeout(timeout));
    return uri;
  }

  public boolean tls() {
    return parsed.isSsl();
  }

  public boolean sentinel() {
    return !parsed.getSentinels().isEmpty();
  }

  /** Sets the TLS trust on a client's options: the CA file, re-read at every connection; nothing without TLS. */
  public ClientOptions.Builder applyTo(ClientOptions.Builder options) {
    if (parsed.isSsl() && trustFile != null) {
      options.sslOptions(SslOptions.builder().jdkSslProvider().trustManager(trustFile.toFile()).build());
    }
    return options;
  }

  /** Where Redis is, for messages: hosts, ports, the master's name, TLS or not; never the password. */
  public String where() {
    return where(parsed) + (parsed.isSsl() ? " over TLS" : "");
  }

  private static String where(RedisURI uri) {
    if (!uri.getSentinels().isEmpty()) {
      return "Sentinels " + uri.getSentinels().stream().map(s -> s.getHost() + ":" + s.getPort())
          .collect(Collectors.joining(",")) + " (master " + uri.getSentinelMasterId() + ")";
    }
    return uri.getHost() + ":" + uri.getPort();
  }

  @Override
  public String toString() {
    return where();
  }

  /** The URL with whatever stands before an '@' (user and password) replaced by ***, for printing settings. */
  public static String redacted(String url) {
    return url == null ? null : USER_INFO.matcher(url).replaceFirst("//***@");
  }

  private static RedisURI parse(String property, String url) {
    String scheme = scheme(url).toLowerCase(Locale.ROOT);
    if (!scheme.equals(RedisURI.URI_SCHEME_REDIS) && !scheme.equals(RedisURI.URI_SCHEME_REDIS_SECURE)
        && !scheme.equals(RedisURI.URI_SCHEME_REDIS_SENTINEL) && !scheme.equals(RedisURI.URI_SCHEME_REDIS_SENTINEL_SECURE)) {
      throw malformed(property, url);
    }
    RedisURI uri;
    try {
      uri = RedisURI.create(url.strip());
    } catch (RuntimeException e) {
      // Lettuce's message (java.net.URI's, often) quotes the whole URL, password included.
      throw malformed(property, url);
    }
    RedisCredentialsProvider credentials = uri.getCredentialsProvider();
    if (credentials != null && password(uri) != null) {
      uri.getSentinels().forEach(sentinel -> sentinel.setCredentialsProvider(credentials));
    }
    return uri;
  }

  private static IllegalArgumentException malformed(String property, String url) {
    String scheme = scheme(url);
    return new IllegalArgumentException(property + (scheme.isEmpty() ? "" : " (" + scheme + "://...)")
        + " is malformed or not a Redis URL (not shown: it may hold a password); expected " + SHAPES);
  }

  private static String scheme(String url) {
    Matcher scheme = SCHEME.matcher(url == null ? "" : url);
    return scheme.find() ? scheme.group(1) : "";
  }

  private static char[] password(RedisURI uri) {
    RedisCredentialsProvider provider = uri.getCredentialsProvider();
    if (provider == null) {
      return null;
    }
    RedisCredentials credentials = provider.resolveCredentials().block(Duration.ofSeconds(1));
    return credentials != null && credentials.hasPassword() ? credentials.getPassword() : null;
  }

  /** The name as written, never resolved: a name that points at this machine today may not tomorrow. */
  private static boolean loopback(String host) {
    if (host == null) {
      return false;
    }
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return bare.equalsIgnoreCase("localhost") || bare.equals("::1") || LOOPBACK_V4.matcher(bare).matches();
  }
}
