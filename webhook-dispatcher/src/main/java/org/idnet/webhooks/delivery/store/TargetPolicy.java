package org.idnet.webhooks.delivery.store;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.Locale;

/**
 * Which URLs and addresses a webhook may go to (server-side request forgery). Outside the sandbox:
 * https on port 443 only (the one port the dispatcher's egress allows), a host name of at least two
 * labels (never an address literal, never a cluster-internal name: {@code .local}, {@code .internal},
 * {@code .svc}, {@code .cluster.local}, {@code localhost}), no user info or fragment, and every
 * address the name resolves to public: loopback, private, link-local (cloud metadata at
 * 169.254.169.254), carrier-grade NAT, multicast, documentation, benchmarking and reserved ranges are
 * refused, also when wrapped in an IPv6 form (IPv4-mapped and -translated, NAT64, 6to4, Teredo). A
 * name that does not resolve, resolves too slowly or to any such address is refused with one and
 * the same message, so a platform cannot map internal names by registering URLs. The sandbox allows
 * plain http, any port and any address, so a developer's receiver on their own machine works.
 */
public final class TargetPolicy {

  private static final int MAX_URL = 2048;
  static final String NOT_PUBLIC = "the host does not resolve, in time, to public addresses only";
  private static final List<String> INTERNAL_SUFFIXES = List.of(".local", ".internal", ".svc", ".cluster.local",
      ".localhost", ".localdomain", ".home.arpa", ".arpa", ".test", ".invalid", ".example");
  private final boolean allowPrivate;
  private final HostResolver resolver;
  private final Duration resolveTimeout;
  private final ExecutorService lookups;

  public TargetPolicy(boolean allowPrivate, HostResolver resolver) {
    this(allowPrivate, resolver, Duration.ofSeconds(2));
  }

  /** @param resolveTimeout how long one look-up may take before the target is refused */
  public TargetPolicy(boolean allowPrivate, HostResolver resolver, Duration resolveTimeout) {
    this.allowPrivate = allowPrivate;
    this.resolver = resolver;
    this.resolveTimeout = resolveTimeout;
    // Look-ups on threads of their own, so a caller waits at most the timeout; at most 16 at once
    // (a slow name server holds a thread until the JDK gives up), the rest refused at once.
    this.lookups = new ThreadPoolExecutor(0, 16, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
        Thread.ofPlatform().name("webhook-dns-", 0).daemon().factory());
  }

  /** The URL, if its shape is one idnet calls (no look-up yet). */
  public URI parse(String url) throws RefusedTargetException {
    if (url == null || url.isEmpty() || url.length() > MAX_URL) {
      throw new RefusedTargetException("the URL must have 1-" + MAX_URL + " characters");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new RefusedTargetException("the URL is not a valid URI");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(allowPrivate && scheme.equals("http"))) {
      throw new RefusedTargetException(allowPrivate ? "the URL must be http or https" : "the URL must be https");
    }
    if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null || uri.getRawAuthority() == null) {
      throw new RefusedTargetException("the URL must name a host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new RefusedTargetException("the URL must not carry a user name or password");
    }
    if (uri.getRawFragment() != null) {
      throw new RefusedTargetException("the URL must not have a fragment");
    }
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      throw new RefusedTargetException("the URL's port is not a TCP port");
    }
    if (allowPrivate) {
      return uri;
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (isAddressLiteral(host)) {
      throw new RefusedTargetException("the URL must name a host, not an address");
    }
    if (uri.getPort() != -1 && uri.getPort() != 443) {
      throw new RefusedTargetException("the URL must use port 443 (https's own)");
    }
    String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    if (!name.contains(".") || name.equals("localhost") || INTERNAL_SUFFIXES.stream().anyMatch(name::endsWith)) {
      throw new RefusedTargetException("the URL must name a public host (a domain of the Internet)");
    }
    return uri;
  }

  /**
   * Resolves the URL's host once and checks every address; answers the first, which the delivery
   * then connects to (a name with one bad address among good ones is refused whole: the resolver of
   * a later attempt might pick it).
   */
  public WebhookTarget resolve(URI url) throws RefusedTargetException {
    List<InetAddress> addresses = lookUp(url.getHost());
    if (addresses.isEmpty()) {
      throw new RefusedTargetException(NOT_PUBLIC);
    }
    for (InetAddress address : addresses) {
      if (!allowPrivate && !isPublic(address)) {
        throw new RefusedTargetException(NOT_PUBLIC);
      }
    }
    return new WebhookTarget(url, addresses.getFirst());
  }

  private List<InetAddress> lookUp(String host) throws RefusedTargetException {
    Future<List<InetAddress>> answer;
    try {
      answer = lookups.submit(() -> resolver.resolve(host));
    } catch (RejectedExecutionException e) {
      throw new RefusedTargetException(NOT_PUBLIC);
    }
    try {
      return answer.get(resolveTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      answer.cancel(true);
      throw new RefusedTargetException(NOT_PUBLIC);
    } catch (ExecutionException | TimeoutException e) {
      answer.cancel(true);
      throw new RefusedTargetException(NOT_PUBLIC);
    }
  }

  static boolean isPublic(InetAddress address) {
    if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
        || address.isSiteLocalAddress() || address.isMulticastAddress()) {
      return false;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      return isPublicV4(b);
    }
    if (address instanceof Inet6Address) {
      return isPublicV6(b);
    }
    return false;
  }

  private static boolean isPublicV4(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    int a2 = b[2] & 0xff;
    return !(a0 == 0                                   // this network
        || a0 == 10                                    // private
        || a0 == 127                                   // loopback
        || (a0 == 100 && (a1 & 0xc0) == 64)            // 100.64.0.0/10 carrier-grade NAT
        || (a0 == 169 && a1 == 254)                    // link-local, cloud metadata
        || (a0 == 172 && (a1 & 0xf0) == 16)            // private
        || (a0 == 192 && a1 == 0 && a2 == 0)           // IETF protocol assignments
        || (a0 == 192 && a1 == 0 && a2 == 2)           // documentation
        || (a0 == 192 && a1 == 88 && a2 == 99)         // 6to4 relay anycast
        || (a0 == 192 && a1 == 168)                    // private
        || (a0 == 198 && (a1 & 0xfe) == 18)            // 198.18.0.0/15 benchmarking
        || (a0 == 198 && a1 == 51 && a2 == 100)        // documentation
        || (a0 == 203 && a1 == 0 && a2 == 113)         // documentation
        || a0 >= 224);                                 // multicast, reserved, broadcast
  }

  private static boolean isPublicV6(byte[] b) {
    int first = b[0] & 0xff;
    if ((first & 0xfe) == 0xfc                          // fc00::/7 unique local
        || (first == 0xfe && (b[1] & 0xc0) == 0x80)     // fe80::/10 link-local
        || (first == 0xfe && (b[1] & 0xc0) == 0xc0)     // fec0::/10 site-local (deprecated)
        || first == 0xff) {                             // multicast
      return false;
    }
    if (startsWith(b, 0x20, 0x01, 0x0d, 0xb8)) {        // 2001:db8::/32 documentation
      return false;
    }
    if (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      return isPublicV4(new byte[] {b[12], b[13], b[14], b[15]});   // ::ffff:a.b.c.d
    }
    if (allZero(b, 0, 12)) {
      return false;                                     // ::, ::1 and IPv4-compatible forms
    }
    if (startsWith(b, 0x00, 0x64, 0xff, 0x9b, 0x00, 0x01)) {  // 64:ff9b:1::/48 local-use NAT64
      return false;
    }
    if (startsWith(b, 0x00, 0x64, 0xff, 0x9b)) {        // 64:ff9b::/96 NAT64
      return isPublicV4(new byte[] {b[12], b[13], b[14], b[15]});
    }
    if (startsWith(b, 0x01, 0x00) && allZero(b, 2, 8)) {  // 100::/64 discard-only
      return false;
    }
    if (startsWith(b, 0x20, 0x01, 0x00, 0x00)) {        // 2001::/32 Teredo: an obfuscated IPv4 inside
      return false;
    }
    if (startsWith(b, 0x20, 0x01, 0x00, 0x02) && b[4] == 0 && b[5] == 0) {  // 2001:2::/48 benchmarking
      return false;
    }
    if (allZero(b, 0, 8) && (b[8] & 0xff) == 0xff && (b[9] & 0xff) == 0xff && b[10] == 0 && b[11] == 0) {
      return false;                                     // ::ffff:0:a.b.c.d IPv4-translated (SIIT)
    }
    if (startsWith(b, 0x20, 0x02)) {                    // 2002::/16 6to4 embeds an IPv4 address
      return isPublicV4(new byte[] {b[2], b[3], b[4], b[5]});
    }
    return true;
  }

  private static boolean startsWith(byte[] b, int... prefix) {
    for (int i = 0; i < prefix.length; i++) {
      if ((b[i] & 0xff) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean allZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAddressLiteral(String host) {
    return host.startsWith("[") || host.matches("[0-9.]+") || host.matches("(?i)0x[0-9a-f.x]+");
  }
}
