package org.idnet.web.i18n;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;

/** The header's language links: this page again, with {@code lang} set (relative: path and query). */
@ControllerAdvice
public class LanguageAdvice {

  @ModelAttribute("languageLinks")
  Map<String, String> languageLinks(ServerWebExchange exchange) {
    return links(exchange);
  }

  /** The same links, for pages rendered outside a controller's model (exception handlers). */
  public static Map<String, String> links(ServerWebExchange exchange) {
    Map<String, String> links = new LinkedHashMap<>();
    for (var locale : LanguageResolver.SUPPORTED) {
      links.put(locale.getLanguage(), UriComponentsBuilder.newInstance()
          .path(exchange.getRequest().getPath().pathWithinApplication().value())
          .queryParams(exchange.getRequest().getQueryParams())
          .replaceQueryParam("lang", locale.getLanguage())
          .encode().build().toUriString());
    }
    return links;
  }
}
