package org.idnet.caller.urls;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rule for every URL a service sends secrets or trust decisions to (the issuer's keys, the
 * population register, the SMS provider): https only, plain http to this machine alone (the
 * sandbox's stand-ins listen on {@code http://localhost}). Loopback is decided from the host as
 * written: an IPv4 literal in 127.0.0.0/8, the IPv6 literal ::1, or the one name {@code localhost},
 * which is trusted by its name (RFC 6761 reserves it for the loopback interface, and resolvers answer
 * it from the hosts file without asking DNS). No other name is ever resolved to decide: a name that
 * resolves to 127.0.0.1 today can resolve elsewhere tomorrow. One rule, shared, so that the services
 * cannot drift apart on it.
 */
public final class HttpsOnly {

  /** The hosts plain http may go to, as an operator is told. */
  public static final String LOOPBACK_HOSTS = "localhost, 127.0.0.0/8, ::1";
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

  private HttpsOnly() {
  }

  /**
   * @param property the setting the URL came from, named in the message (e.g. {@code idnet.identity.register.url})
   * @param why what plain http would expose, ending the message (e.g. "the API key and citizens' data go there")
   * @return the URL, parsed
   * @throws IllegalArgumentException naming the property when the URL is not https, or http to a non-loopback host
   */
  public static URI require(String property, String url, String why) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalArgumentException(property + " is not a URL");
    }
    return require(property, uri, why);
  }

  /** {@link #require(String, String, String)} for a URL already parsed (a bound {@code URI} property). */
  public static URI require(String property, URI uri, String why) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http") && isLoopback(uri.getHost()))) {
      throw new IllegalArgumentException(property + " must be an https:// URL (plain http:// only to this machine: "
          + LOOPBACK_HOSTS + "), not " + scheme + "://" + uri.getHost() + ": " + why);
    }
    return uri;
  }

  /** {@code localhost}, an IPv4 literal in 127.0.0.0/8 or the IPv6 literal ::1 (bracketed or not). */
  public static boolean isLoopback(String host) {
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (bare.equalsIgnoreCase("localhost")) {
      return true;
    }
    Matcher ipv4 = IPV4.matcher(bare);
    if (ipv4.matches()) {
      for (int i = 1; i <= 4; i++) {
        if (Integer.parseInt(ipv4.group(i)) > 255) {
          return false;
        }
      }
      return Integer.parseInt(ipv4.group(1)) == 127;
    }
    if (bare.contains(":")) {
      try {
        // Brackets make getByName parse an IPv6 literal and never ask DNS.
        return InetAddress.getByName("[" + bare + "]").isLoopbackAddress();
      } catch (UnknownHostException notALiteral) {
        return false;
      }
    }
    return false;
  }
}
