package org.idnet.identity.hosted.api;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * java.net.URI's view of a return URL, which {@code ReturnUrls} requires besides its own pattern:
 * whatever the service later does with a kept URL (its origin, the redirect after a session) reads
 * it with this parser, so a URL it refuses is never registered nor used for a session.
 */
public final class ReturnUrlParser {

  private ReturnUrlParser() {
  }

  /** Parses; absolute http(s) with a host, no user info, no fragment. */
  public static boolean accepts(String url) {
    try {
      URI uri = new URI(url);
      return uri.isAbsolute() && !uri.isOpaque() && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
          && uri.getHost() != null && uri.getRawUserInfo() == null && uri.getRawFragment() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
