package org.idnet.web.console;

import java.time.Clock;
import org.idnet.web.gateway.GatewayProblem;
import org.idnet.web.i18n.LanguageAdvice;
import org.idnet.web.security.ContentSecurityPolicy;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Mono;

/**
 * What every console page shares: the issuer's origin in {@code form-action} (each page posts to
 * logout, answered by a redirect to the issuer's end-session), the formats, and the answers to a
 * refused route (403 page), an ended session (sign in again) and a gateway refusal (its message).
 */
@ControllerAdvice(assignableTypes = {ConsoleController.class, FilingController.class, ApprovalController.class,
    AuditController.class})
@ConditionalOnProperty(name = "idnet.web.console.enabled", havingValue = "true")
public class ConsoleAdvice {

  private final ConsoleProperties console;
  private final MessageSource messages;
  private final Clock clock;

  public ConsoleAdvice(ConsoleProperties console, MessageSource messages, Clock clock) {
    this.console = console;
    this.messages = messages;
    this.clock = clock;
  }

  /** Returns a value: a void model-attribute method would leave every advice's attributes out (WebFlux zips them). */
  @ModelAttribute("fmt")
  ConsoleFormat shared(ServerWebExchange exchange) {
    ContentSecurityPolicy.allowFormAction(exchange, console.issuerOrigin());
    return new ConsoleFormat(messages, exchange.getLocaleContext().getLocale() == null
        ? java.util.Locale.forLanguageTag("vi") : exchange.getLocaleContext().getLocale(), clock);
  }

  @ExceptionHandler(ConsoleForbidden.class)
  Mono<String> forbidden(ServerWebExchange exchange, Model model) {
    exchange.getResponse().setStatusCode(HttpStatus.FORBIDDEN);
    model.addAttribute("languageLinks", LanguageAdvice.links(exchange));
    model.addAttribute("problem", "console.forbidden");
    return Mono.just("console/problem");
  }

  @ExceptionHandler(SignInAgain.class)
  Mono<Void> signInAgain(ServerWebExchange exchange) {
    return exchange.getSession().flatMap(WebSession::invalidate).then(Mono.fromRunnable(() -> {
      exchange.getResponse().setStatusCode(HttpStatus.SEE_OTHER);
      exchange.getResponse().getHeaders().setLocation(java.net.URI.create(ConsoleSecurityConfiguration.SIGNED_OUT + "?expired"));
    }));
  }

  @ExceptionHandler(GatewayProblem.class)
  Mono<String> refused(GatewayProblem problem, ServerWebExchange exchange, Model model) {
    int status = problem.status() >= 500 || problem.status() == 429 ? 503 : problem.status();
    exchange.getResponse().setStatusCode(HttpStatus.valueOf(status));
    String key = problem.messageKey();
    boolean known = messages.getMessage(key, null, null, java.util.Locale.forLanguageTag("vi")) != null;
    model.addAttribute("languageLinks", LanguageAdvice.links(exchange));
    model.addAttribute("problem", known ? key : "error.unexpected");
    return Mono.just("console/problem");
  }
}
