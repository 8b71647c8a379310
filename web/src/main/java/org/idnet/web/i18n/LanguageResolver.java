package org.idnet.web.i18n;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.SimpleLocaleContext;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.i18n.LocaleContextResolver;

/**
 * The pages' language: {@code ?lang=vi|en} (which also sets the cookie {@code idnet-lang} for the
 * following pages), else that cookie, else the browser's {@code Accept-Language}, else Vietnamese.
 * Only the two languages the bundles hold; anything else falls through. A hosted session's own
 * locale sits between the cookie and Accept-Language (the hosted pages set it as the cookie would).
 */
public final class LanguageResolver implements LocaleContextResolver {

  public static final String COOKIE = "idnet-lang";
  public static final Locale VIETNAMESE = Locale.forLanguageTag("vi");
  public static final List<Locale> SUPPORTED = List.of(VIETNAMESE, Locale.ENGLISH);
  static final String RESOLVED = LanguageResolver.class.getName() + ".resolved";

  @Override
  public LocaleContext resolveLocaleContext(ServerWebExchange exchange) {
    Locale cached = exchange.getAttribute(RESOLVED);
    if (cached != null) {
      return new SimpleLocaleContext(cached);
    }
    Locale locale = resolve(exchange);
    exchange.getAttributes().put(RESOLVED, locale);
    return new SimpleLocaleContext(locale);
  }

  private Locale resolve(ServerWebExchange exchange) {
    Locale asked = supported(exchange.getRequest().getQueryParams().getFirst("lang"));
    if (asked != null) {
      exchange.getResponse().addCookie(ResponseCookie.from(COOKIE, asked.getLanguage())
          .path("/").secure(true).httpOnly(true).sameSite("Lax").maxAge(Duration.ofDays(365)).build());
      return asked;
    }
    HttpCookie cookie = exchange.getRequest().getCookies().getFirst(COOKIE);
    Locale remembered = cookie == null ? null : supported(cookie.getValue());
    if (remembered != null) {
      return remembered;
    }
    try {
      Locale browser = Locale.lookup(Locale.LanguageRange.parse(
          String.join(",", exchange.getRequest().getHeaders().getOrEmpty("Accept-Language"))), SUPPORTED);
      return browser != null ? browser : VIETNAMESE;
    } catch (IllegalArgumentException malformed) {
      return VIETNAMESE;
    }
  }

  /** vi or en, or null. */
  public static Locale supported(String language) {
    if (language == null) {
      return null;
    }
    return SUPPORTED.stream().filter(l -> l.getLanguage().equals(language)).findFirst().orElse(null);
  }

  @Override
  public void setLocaleContext(ServerWebExchange exchange, LocaleContext localeContext) {
    Locale locale = localeContext == null ? null : supported(
        localeContext.getLocale() == null ? null : localeContext.getLocale().getLanguage());
    if (locale != null) {
      exchange.getAttributes().put(RESOLVED, locale);
    }
  }
}
