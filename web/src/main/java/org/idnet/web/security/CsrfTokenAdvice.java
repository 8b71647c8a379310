package org.idnet.web.security;

import org.springframework.security.web.reactive.result.view.CsrfRequestDataValueProcessor;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Hands Spring Security's CSRF token to Thymeleaf, which then writes the hidden {@code _csrf} field
 * into every {@code th:action} form. Without it WebFlux renders forms without the field and every
 * POST is 403 (docs/pages.md section 1). Controllers marked {@link SessionFree} get no token, so
 * their pages never start a session.
 */
@ControllerAdvice
public class CsrfTokenAdvice {

  @ModelAttribute
  Mono<CsrfToken> csrfToken(ServerWebExchange exchange) {
    Object handler = exchange.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE);
    if (handler instanceof HandlerMethod method && method.getBeanType().isAnnotationPresent(SessionFree.class)) {
      return Mono.empty();
    }
    Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
    if (token == null) {
      return Mono.empty();
    }
    return token.doOnSuccess(t -> {
      if (t != null) {
        exchange.getAttributes().put(CsrfRequestDataValueProcessor.DEFAULT_CSRF_ATTR_NAME, t);
      }
    });
  }
}
