package org.idnet.web.i18n;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The header's language links: this page again, with {@code lang} set (relative: path and query).
 * A page rendered by a POST has no GET at its own path (or one with effects: {@code …/approve} starts a
 * fresh login), so there the links go to the page the form belongs to: {@code /verify} for the hosted
 * flow, the request's own page for a console request's POSTs, else {@code /console}.
 */
@ControllerAdvice
public class LanguageAdvice {

  @ModelAttribute("languageLinks")
  Map<String, String> languageLinks(ServerWebExchange exchange) {
    return links(exchange);
  }

  /** The same links, for pages rendered outside a controller's model (exception handlers). */
  public static Map<String, String> links(ServerWebExchange exchange) {
    Map<String, String> links = new LinkedHashMap<>();
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    boolean get = HttpMethod.GET.equals(exchange.getRequest().getMethod())
        || HttpMethod.HEAD.equals(exchange.getRequest().getMethod());
    for (var locale : LanguageResolver.SUPPORTED) {
      UriComponentsBuilder link = UriComponentsBuilder.newInstance().path(get ? path : pageOf(path));
      if (get) {
        link.queryParams(exchange.getRequest().getQueryParams());
      }
      links.put(locale.getLanguage(), link.replaceQueryParam("lang", locale.getLanguage()).encode().build().toUriString());
    }
    return links;
  }

  /** The GET page a POST to {@code path} belongs to. */
  static String pageOf(String path) {
    if (path.equals("/verify") || path.startsWith("/verify/")) {
      return "/verify";
    }
    Matcher request = CONSOLE_REQUEST.matcher(path);
    if (request.lookingAt()) {
      return request.group();
    }
    if (path.startsWith("/console/") || path.equals("/console")) {
      return "/console";
    }
    return "/";
  }

  private static final Pattern CONSOLE_REQUEST = Pattern.compile("/console/requests/[0-9a-fA-F-]{36}(?=/|$)");
}
