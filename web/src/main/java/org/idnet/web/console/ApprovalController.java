package org.idnet.web.console;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Mono;

/**
 * Approval with a fresh login (docs/pages.md section 4.2): {@code GET …/approve} keeps the marker and
 * sends the supervisor to the issuer for password and OTP again; {@code GET …/approve/confirm}
 * checks the new login ({@link FreshLogin}) and shows the request as filed with a note field;
 * {@code POST …/approve}, within 2 min, spends the marker and approves with If-Match and the fresh
 * token. The confirmation is given once per marker (a reload is refused, the window is not restarted)
 * and only while the request's digest is still the one the marker holds (else the marker is dropped
 * and the supervisor starts again). The official who filed the request gets 403 on all three (the services refuse anyway).
 */
@Controller
@ConditionalOnProperty(name = "idnet.web.console.enabled", havingValue = "true")
public class ApprovalController {

  private final ConsoleSessions sessions;
  private final ConsoleGateway gateway;
  private final Clock clock;

  public ApprovalController(ConsoleSessions sessions, ConsoleGateway gateway, Clock clock) {
    this.sessions = sessions;
    this.gateway = gateway;
    this.clock = clock;
  }

  @GetMapping("/console/requests/{id:" + ConsoleController.ID + "}/approve")
  Mono<String> start(@PathVariable String id, ServerWebExchange exchange) {
    return sessions.current(exchange).flatMap(signedIn -> {
      ConsoleController.require(signedIn.staff().supervisor());
      return gateway.request(signedIn.accessToken(), id).flatMap(request -> {
        ConsoleController.require(!ConsoleController.own(signedIn.staff(), request));
        if (!request.awaitingApproval()) {
          return Mono.just("redirect:/console/requests/" + id);
        }
        String nonce = FilingController.nonce();
        FreshLogin.Marker marker = new FreshLogin.Marker(id, request.digest(), clock.instant(), nonce,
            signedIn.user().getSubject(), null);
        return exchange.getSession().map(session -> {
          session.getAttributes().put(FreshLogin.ATTRIBUTE, marker);
          return "redirect:" + ConsoleSecurityConfiguration.LOGIN + "?fresh=" + nonce;
        });
      });
    });
  }

  @GetMapping("/console/requests/{id:" + ConsoleController.ID + "}/approve/confirm")
  Mono<String> confirm(@PathVariable String id, ServerWebExchange exchange, Model model) {
    return Mono.zip(sessions.current(exchange), exchange.getSession()).flatMap(both -> {
      var signedIn = both.getT1();
      WebSession session = both.getT2();
      ConsoleController.require(signedIn.staff().supervisor());
      FreshLogin.Marker marker = session.getAttribute(FreshLogin.ATTRIBUTE);
      // Confirmed once only: reloading this page does not restart the 2-minute window.
      if (marker == null || !marker.requestId().equals(id) || marker.confirmedAt() != null) {
        return refused(exchange, model);
      }
      OidcIdToken idToken = signedIn.user().getIdToken();
      FreshLogin.Outcome outcome = FreshLogin.check(marker, idToken.getSubject(), idToken.getAuthenticatedAt(),
          amr(idToken));
      if (outcome == FreshLogin.Outcome.OTHER_PERSON) {
        return session.invalidate().thenReturn("redirect:" + ConsoleSecurityConfiguration.SIGNED_OUT + "?expired");
      }
      if (outcome != FreshLogin.Outcome.ACCEPTED) {
        session.getAttributes().remove(FreshLogin.ATTRIBUTE);
        return refused(exchange, model);
      }
      return gateway.request(signedIn.accessToken(), id).map(request -> {
        ConsoleController.require(!ConsoleController.own(signedIn.staff(), request));
        if (!marker.digest().equals(request.digest())) {
          // The request changed since Approve was chosen: what is shown is not what would be approved.
          session.getAttributes().remove(FreshLogin.ATTRIBUTE);
          exchange.getResponse().setStatusCode(HttpStatus.CONFLICT);
          model.addAttribute("problem", "console.approve.changed");
          return "console/problem";
        }
        session.getAttributes().put(FreshLogin.ATTRIBUTE, marker.confirmed(clock.instant()));
        model.addAttribute("staff", signedIn.staff());
        model.addAttribute("request", request);
        model.addAttribute("digest", marker.digest());
        return "console/approve";
      });
    });
  }

  @PostMapping("/console/requests/{id:" + ConsoleController.ID + "}/approve")
  Mono<String> approve(@PathVariable String id, ServerWebExchange exchange, Model model) {
    return Mono.zip(exchange.getFormData(), sessions.current(exchange), exchange.getSession()).flatMap(all -> {
      var signedIn = all.getT2();
      WebSession session = all.getT3();
      ConsoleController.require(signedIn.staff().supervisor());
      FreshLogin.Marker marker = session.getAttribute(FreshLogin.ATTRIBUTE);
      // Single use: whatever follows, this marker approves nothing more.
      session.getAttributes().remove(FreshLogin.ATTRIBUTE);
      if (marker == null || !marker.approvable(id, clock.instant())) {
        return refused(exchange, model);
      }
      return gateway.request(signedIn.accessToken(), id).flatMap(request -> {
        ConsoleController.require(!ConsoleController.own(signedIn.staff(), request));
        return gateway.approve(signedIn.accessToken(), id, marker.digest(), all.getT1().getFirst("note"));
      }).thenReturn("redirect:/console/requests/" + id);
    });
  }

  private static Mono<String> refused(ServerWebExchange exchange, Model model) {
    exchange.getResponse().setStatusCode(HttpStatus.FORBIDDEN);
    model.addAttribute("problem", "console.approve.fresh-login-required");
    return Mono.just("console/problem");
  }

  private static List<String> amr(OidcIdToken idToken) {
    Object amr = idToken.getClaims().get("amr");
    if (amr instanceof java.util.Collection<?> values) {
      return values.stream().map(String::valueOf).toList();
    }
    return List.of();
  }

  static Instant now(Clock clock) {
    return clock.instant();
  }
}
