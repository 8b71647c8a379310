package org.idnet.admin.denylist;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.idnet.admin.onboarding.Loopback;
import org.idnet.admin.onboarding.OnboardingException;

/**
 * Redis URLs as Lettuce reads them, checked before anything is sent. A URL may hold a password, so no
 * message repeats one: a malformed URL is named by its scheme alone, a parsed one by host and port.
 */
final class RedisUrls {

  static final String SHAPE = "redis://[:password@]host[:port][/database], rediss://... (TLS), redis-sentinel://...";
  private static final Pattern SCHEME = Pattern.compile("^([a-z][a-z0-9+.-]{0,30})://");

  private RedisUrls() {
  }

  static RedisURI parse(String url) {
    RedisURI uri;
    try {
      uri = RedisURI.create(url);
    } catch (RuntimeException e) {
      // Lettuce's message (java.net.URI's, often) quotes the whole URL, password included.
      Matcher scheme = SCHEME.matcher(url == null ? "" : url);
      throw OnboardingException.invalid("the Redis URL" + (scheme.find() ? " (" + scheme.group(1) + "://...)" : "")
          + " is malformed (not shown: it may hold a password); expected " + SHAPE);
    }
    if (!uri.isSsl() && hasPassword(uri) && !local(uri)) {
      throw OnboardingException.invalid("refusing redis:// with a password to " + where(uri) + ": the password"
          + " would cross the network in clear text. Use rediss:// (TLS); redis:// with a password is for this"
          + " machine only (" + Loopback.HOSTS + ")");
    }
    return uri;
  }

  /** Host and port (or the sentinels, or the socket): never the password. */
  static String where(RedisURI uri) {
    if (uri.getSocket() != null) {
      return "socket " + uri.getSocket();
    }
    if (uri.getHost() == null && !uri.getSentinels().isEmpty()) {
      return "sentinels " + uri.getSentinels().stream().map(s -> s.getHost() + ":" + s.getPort())
          .collect(Collectors.joining(","));
    }
    return uri.getHost() + ":" + uri.getPort();
  }

  private static boolean hasPassword(RedisURI uri) {
    List<RedisURI> all = new ArrayList<>(uri.getSentinels());
    all.add(uri);
    return all.stream().anyMatch(u -> u.getCredentialsProvider() != null
        && u.getCredentialsProvider().resolveCredentials().blockOptional(Duration.ofSeconds(1))
            .filter(RedisCredentials::hasPassword).isPresent());
  }

  /**
   * A Unix socket or a loopback host. Never Sentinel: the sentinels name the data node, which may be
   * anywhere, and the password goes to it.
   */
  private static boolean local(RedisURI uri) {
    return uri.getSocket() != null || uri.getHost() != null && Loopback.isLoopback(uri.getHost());
  }
}
