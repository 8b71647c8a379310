package org.idnet.identity.hosted.domain;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
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
  /** scheme :// host [: port] then nothing, a path or a query; no user info, no fragment, no space. */
  private static final Pattern RETURN_URL = Pattern.compile(
      "(https?)://(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(?::[0-9]{1,5})?(?:[/?][\\x21-\\x7E&&[^#]]*)?");

  private final HostedSessionStore store;
  private final Clock clock;

  public ReturnUrls(HostedSessionStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
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
   * characters of printable ASCII; kept and compared exactly as written. Read by a strict pattern
   * (scheme, host name or bracketed IPv6 literal, optional port, then a path or query), not by a URL
   * parser that might accept what browsers read differently.
   */
  static void check(String url) {
    if (url == null || url.length() < 8 || url.length() > 512) {
      throw invalidUrl();
    }
    Matcher parts = RETURN_URL.matcher(url);
    if (!parts.matches()) {
      throw invalidUrl();
    }
    boolean https = parts.group(1).equals("https");
    if (!https && !Loopback.isLoopback(parts.group(2))) {
      throw invalidUrl();
    }
  }

  static IdentityException invalidUrl() {
    return IdentityException.invalid(FailureReason.INVALID_RETURN_URL, "url", "a return URL must be an absolute "
        + "https URL (plain http to " + Loopback.HOSTS + " only), without user info or fragment, at most 512 characters");
  }
}
