package org.idnet.web.errors;

import java.net.URI;
import java.util.Map;
import org.idnet.web.i18n.LanguageAdvice;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webflux.error.DefaultErrorAttributes;
import org.springframework.boot.webflux.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * Refusals that no controller renders (docs/pages.md section 3.11): a CSRF token missing or stale (the
 * session idled out), a POST from another site, the POST limit, Redis down, an unknown path or method.
 * They all end in Boot's error handling, which renders {@code templates/error/error.html} on the
 * layout in the reader's language (the {@link org.idnet.web.i18n.LanguageResolver}), with only the
 * status and the kind of page (hosted flow, console, other) in its model: never an exception's message
 * or a stack trace. The console's stale-session refusal instead sends to its signed-out page.
 */
@Configuration(proxyBeanMethods = false)
public class RefusalPages {

  /** What the error page may show: these keys and nothing else of Boot's error attributes. */
  static final String STATUS = "status";
  static final String AREA = "area";

  /**
   * The CSRF refusal of both chains: {@code /console/**} to the signed-out page (303), anything else a
   * 403 page (for {@code /verify/**} the hosted flow's "this verification has ended").
   */
  public static final ServerAccessDeniedHandler CSRF_REFUSED = (exchange, denied) -> {
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    if (path.equals("/console") || path.startsWith("/console/")) {
      exchange.getResponse().setStatusCode(HttpStatus.SEE_OTHER);
      exchange.getResponse().getHeaders().setLocation(URI.create("/console/signed-out?expired"));
      return exchange.getResponse().setComplete();
    }
    return Mono.error(new ResponseStatusException(HttpStatus.FORBIDDEN));
  };

  /** A refusal by a filter (status only): rendered as the error page. */
  public static <T> Mono<T> refuse(HttpStatus status) {
    return Mono.error(new ResponseStatusException(status));
  }

  @Bean
  ErrorAttributes errorAttributes() {
    return new DefaultErrorAttributes() {
      @Override
      public Map<String, Object> getErrorAttributes(ServerRequest request, ErrorAttributeOptions options) {
        Object status = super.getErrorAttributes(request, ErrorAttributeOptions.defaults()).get(STATUS);
        String path = request.exchange().getRequest().getPath().pathWithinApplication().value();
        String area = path.equals("/verify") || path.startsWith("/verify/") ? "verify"
            : path.equals("/console") || path.startsWith("/console/") ? "console" : "site";
        return new java.util.LinkedHashMap<>(Map.of(STATUS, status, AREA, area,
            "languageLinks", LanguageAdvice.links(request.exchange())));
      }
    };
  }
}
