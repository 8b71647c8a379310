package org.idnet.caller.urls;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.idnet.loopback.Loopback;

/**
 * The rule for every URL a service sends secrets or trust decisions to (the issuer's keys, the
 * population register, the SMS provider): https only, plain http to this machine alone (the
 * sandbox's stand-ins listen on {@code http://localhost}). Loopback is decided from the host as
 * written ({@link Loopback}, the rule {@code bin/idnet-admin} applies too): an IPv4 literal in
 * 127.0.0.0/8, the IPv6 literal ::1, or the one name {@code localhost}, which is trusted by its name
 * (RFC 6761 reserves it for the loopback interface, and resolvers answer it from the hosts file
 * without asking DNS). No other name is ever resolved to decide: a name that resolves to 127.0.0.1
 * today can resolve elsewhere tomorrow. One rule, shared, so that the services cannot drift apart on it.
 */
public final class HttpsOnly {

  /** The hosts plain http may go to, as an operator is told. */
  public static final String LOOPBACK_HOSTS = Loopback.HOSTS;

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
    boolean plainToThisMachine = scheme.equals("http") && Loopback.isLoopback(uri.getHost());
    if (uri.getHost() == null || !(scheme.equals("https") || plainToThisMachine)) {
      throw new IllegalArgumentException(property + " must be an https:// URL (plain http:// only to this machine: "
          + LOOPBACK_HOSTS + "), not " + scheme + "://" + uri.getHost() + ": " + why);
    }
    return uri;
  }
}
