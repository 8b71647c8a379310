package org.idnet.web.security;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.web.server.ServerWebExchange;

/**
 * The pages' Content-Security-Policy. Nothing but the web's own CSS and images loads; forms post to
 * the web itself and to the origins a page adds for its answer ({@link #allowFormAction}): hosted
 * pages the session's return origin, the console the issuer's, since Chromium blocks a form's 303 to
 * another origin that {@code form-action} does not list (docs/pages.md section 1).
 */
public final class ContentSecurityPolicy {

  static final String EXTRA_FORM_ACTIONS = ContentSecurityPolicy.class.getName() + ".formActions";
  private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?|http://\\[::1\\](:[0-9]{1,5})?");

  private ContentSecurityPolicy() {
  }

  /**
   * Adds {@code origin} (scheme://host[:port], nothing else) to this answer's {@code form-action}.
   *
   * @throws IllegalArgumentException for anything that is not a bare origin (a path, a wildcard, a
   *     quote or a semicolon would change the policy)
   */
  public static void allowFormAction(ServerWebExchange exchange, String origin) {
    if (origin == null || !ORIGIN.matcher(origin).matches()) {
      throw new IllegalArgumentException("not an origin for form-action: " + origin);
    }
    Set<String> extra = exchange.getAttributeOrDefault(EXTRA_FORM_ACTIONS, new LinkedHashSet<>());
    extra.add(origin);
    exchange.getAttributes().put(EXTRA_FORM_ACTIONS, extra);
  }

  static String header(ServerWebExchange exchange) {
    Set<String> extra = exchange.getAttributeOrDefault(EXTRA_FORM_ACTIONS, Set.of());
    StringBuilder formAction = new StringBuilder("'self'");
    extra.forEach(origin -> formAction.append(' ').append(origin));
    return "default-src 'none'; style-src 'self'; img-src 'self'; form-action " + formAction
        + "; frame-ancestors 'none'; base-uri 'none'";
  }
}
