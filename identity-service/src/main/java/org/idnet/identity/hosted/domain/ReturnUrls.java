package org.idnet.identity.hosted.domain;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.idnet.identity.domain.FailureReason;
import org.idnet.identity.domain.IdentityException;
import org.idnet.loopback.Loopback;

/**
 * A platform's return URLs (docs/pages.md section 3.7): where a hosted session sends the user back.
 * At most {@link #MAX_RETURN_URLS} per platform, kept and compared exactly as written.
 */
public final class ReturnUrls {

  public static final String RETURN_URL_PREFIX = "ru_";
  public static final int MAX_RETURN_URLS = 20;
  /**
   * scheme :// host [: port] then nothing, a path or a query. The host is a name or {@code [::1]}
   * (the web's CSP accepts no other IPv6 literal); the path and query are RFC 3986 characters only
   * (unreserved, sub-delims, {@code : @ / ?}, {@code %HH}): no user info, no fragment, no space, none
   * of {@code " < > \ ^ ` { | }} that URL parsers refuse or browsers rewrite.
   */
  private static final Pattern RETURN_URL = Pattern.compile("(https?)://(\\[::1\\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)"
      + "(?::([0-9]{1,5}))?(?:[/?](?:[A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})*)?");

  private final HostedSessionStore store;
  private final Clock clock;
  private final Predicate<String> parserAccepts;

  /**
   * @param parserAccepts the URL parser's view of the service (java.net.URI): a return URL it
   *     refuses is refused here too, so that nothing done with a kept URL (its origin, the redirect)
   *     can fail after a secret was spent
   */
  public ReturnUrls(HostedSessionStore store, Clock clock, Predicate<String> parserAccepts) {
    this.store = store;
    this.clock = clock;
    this.parserAccepts = parserAccepts;
  }

  public HostedSessionStore.ReturnUrl register(String platformId, String url) {
    check(url);
    return store.registerReturnUrl(platformId, url, clock.instant(), MAX_RETURN_URLS);
  }

  public List<HostedSessionStore.ReturnUrl> list(String platformId) {
    return store.returnUrls(platformId);
  }

  public void delete(String platformId, String externalId) {
    UUID id = SessionTokens.parse(RETURN_URL_PREFIX, externalId, FailureReason.INVALID_RETURN_URL_ID, "returnUrlId");
    if (!store.deleteReturnUrl(platformId, id)) {
      throw IdentityException.of(FailureReason.RETURN_URL_NOT_FOUND, "no return URL of this platform has this id");
    }
  }

  /**
   * An absolute https URL (http only to this machine), without user info or fragment, at most 512
   * characters of RFC 3986's; kept and compared exactly as written. Read by a strict pattern
   * (scheme, host name or {@code [::1]}, optional port, then a path or query) and also accepted by
   * the service's URL parser.
   */
  public void check(String url) {
    origin(url);
  }

  /** The URL's origin, {@code scheme://host[:port]} as written (the pages' CSP form-action). */
  public String origin(String url) {
    if (url == null || url.length() < 8 || url.length() > 512) {
      throw invalidUrl();
    }
    Matcher parts = RETURN_URL.matcher(url);
    if (!parts.matches() || !parserAccepts.test(url)) {
      throw invalidUrl();
    }
    boolean https = parts.group(1).equals("https");
    if (!https && !Loopback.isLoopback(parts.group(2))) {
      throw invalidUrl();
    }
    String port = parts.group(3);
    if (port != null && Integer.parseInt(port) > 65535) {
      throw invalidUrl();
    }
    return parts.group(1) + "://" + parts.group(2) + (port == null ? "" : ":" + port);
  }

  static IdentityException invalidUrl() {
    return IdentityException.invalid(FailureReason.INVALID_RETURN_URL, "url", "a return URL must be an absolute "
        + "https URL (plain http to " + Loopback.HOSTS + " only), host a name or [::1], without user info or fragment, "
        + "path and query of RFC 3986 characters (unreserved, sub-delims, : @ / ? and %HH), at most 512 characters");
  }
}
