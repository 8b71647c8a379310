package org.idnet.web.console;

import java.net.URI;
import java.util.Set;
import org.idnet.web.config.WebProperties;
import org.idnet.web.gateway.GatewayProblem;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * The console's menu, requests, queue, cancel, reject, package and logout (docs/pages.md section
 * 4.3). The web shows by role what the access token says; every action is the gateway's call with
 * the official's own token, and the gateway decides.
 */
@Controller
@ConditionalOnProperty(name = "idnet.web.console.enabled", havingValue = "true")
public class ConsoleController {

  static final Set<String> STATUSES = Set.of("AWAITING_APPROVAL", "APPROVED", "DISCLOSED", "REJECTED", "CANCELLED",
      "EXPIRED", "NOT_FOUND_AT_SOURCE", "RELEASE_REFUSED");
  static final String ID = "[0-9a-f-]{36}";

  private final ConsoleSessions sessions;
  private final ConsoleGateway gateway;
  private final ConsoleProperties console;
  private final WebProperties web;

  public ConsoleController(ConsoleSessions sessions, ConsoleGateway gateway, ConsoleProperties console, WebProperties web) {
    this.sessions = sessions;
    this.gateway = gateway;
    this.console = console;
    this.web = web;
  }

  @GetMapping("/console")
  Mono<String> menu(ServerWebExchange exchange, Model model) {
    return sessions.current(exchange).map(signedIn -> {
      model.addAttribute("staff", signedIn.staff());
      return "console/index";
    });
  }

  @GetMapping("/console/requests")
  Mono<String> requests(@RequestParam(required = false) String status, ServerWebExchange exchange, Model model) {
    String wanted = status != null && STATUSES.contains(status) ? status : null;
    return sessions.current(exchange).flatMap(signedIn -> {
      require(signedIn.staff().readsRequests());
      model.addAttribute("staff", signedIn.staff());
      model.addAttribute("status", wanted);
      model.addAttribute("statuses", STATUSES.stream().sorted().toList());
      return gateway.requests(signedIn.accessToken(), wanted).map(list -> {
        model.addAttribute("requests", list);
        return "console/requests";
      });
    });
  }

  @GetMapping("/console/queue")
  Mono<String> queue(ServerWebExchange exchange, Model model) {
    return sessions.current(exchange).flatMap(signedIn -> {
      require(signedIn.staff().supervisor());
      model.addAttribute("staff", signedIn.staff());
      return gateway.requests(signedIn.accessToken(), "AWAITING_APPROVAL").map(list -> {
        model.addAttribute("requests", list);
        return "console/queue";
      });
    });
  }

  @GetMapping("/console/requests/{id:" + ID + "}")
  Mono<String> request(@PathVariable String id, ServerWebExchange exchange, Model model) {
    return sessions.current(exchange).flatMap(signedIn -> {
      require(signedIn.staff().readsRequests());
      Staff staff = signedIn.staff();
      return gateway.request(signedIn.accessToken(), id).map(request -> {
        boolean own = own(staff, request);
        model.addAttribute("staff", staff);
        model.addAttribute("request", request);
        model.addAttribute("mayApprove", staff.supervisor() && request.awaitingApproval() && !own);
        model.addAttribute("mayCancel", staff.officer() && request.awaitingApproval() && own);
        model.addAttribute("mayOpen", staff.officer() && request.disclosed());
        return "console/request";
      });
    });
  }

  @PostMapping("/console/requests/{id:" + ID + "}/cancel")
  Mono<Void> cancel(@PathVariable String id, ServerWebExchange exchange) {
    return sessions.current(exchange).flatMap(signedIn -> {
      require(signedIn.staff().officer());
      return gateway.cancel(signedIn.accessToken(), id);
    }).then(seeOther(exchange, "/console/requests/" + id));
  }

  @PostMapping("/console/requests/{id:" + ID + "}/reject")
  Mono<String> reject(@PathVariable String id, ServerWebExchange exchange, Model model) {
    return exchange.getFormData().zipWith(sessions.current(exchange)).flatMap(both -> {
      var signedIn = both.getT2();
      require(signedIn.staff().supervisor());
      String reason = both.getT1().getFirst("reason");
      if (reason == null || reason.isBlank() || reason.length() > 2000) {
        exchange.getResponse().setStatusCode(HttpStatus.BAD_REQUEST);
        model.addAttribute("problem", "console.reject.reason-required");
        return Mono.just("console/problem");
      }
      return gateway.request(signedIn.accessToken(), id).flatMap(request -> {
        require(!own(signedIn.staff(), request));
        return gateway.reject(signedIn.accessToken(), id, reason.trim());
      }).thenReturn("redirect:/console/requests/" + id);
    });
  }

  @GetMapping("/console/requests/{id:" + ID + "}/package")
  Mono<String> openPackage(@PathVariable String id, ServerWebExchange exchange, Model model) {
    exchange.getResponse().getHeaders().setCacheControl(CacheControl.noStore());
    return sessions.current(exchange).flatMap(signedIn -> {
      require(signedIn.staff().officer());
      model.addAttribute("staff", signedIn.staff());
      model.addAttribute("requestId", id);
      return gateway.openPackage(signedIn.accessToken(), id).map(pkg -> {
        model.addAttribute("pkg", pkg);
        return "console/disclosed";
      }).onErrorResume(GatewayProblem.class, problem -> {
        if (problem.status() != 410) {
          return Mono.error(problem);
        }
        exchange.getResponse().setStatusCode(HttpStatus.GONE);
        model.addAttribute("expired", true);
        return Mono.just("console/disclosed");
      });
    });
  }

  /**
   * Ends the web session, then Keycloak's: end-session with the client and the way back, no
   * {@code id_token_hint} (an ID token in a URL ends up in access logs), so Keycloak asks the
   * official to confirm on its own page, then sends them to signed-out.
   */
  @PostMapping("/console/logout")
  Mono<Void> logout(ServerWebExchange exchange) {
    return exchange.getSession().flatMap(WebSession::invalidate).then(Mono.defer(() -> {
      UriComponentsBuilder target = UriComponentsBuilder.fromUri(console.endSessionUri())
          .queryParam("client_id", console.clientId())
          .queryParam("post_logout_redirect_uri", web.publicUrl().resolve(ConsoleSecurityConfiguration.SIGNED_OUT));
      return seeOther(exchange, target.encode().build().toUriString());
    }));
  }

  @GetMapping(ConsoleSecurityConfiguration.SIGNED_OUT)
  String signedOut(ServerWebExchange exchange, Model model) {
    var query = exchange.getRequest().getQueryParams();
    model.addAttribute("reason", query.containsKey("expired") ? "console.signed-out.expired"
        : query.containsKey("failed") ? "console.signed-out.failed" : "console.signed-out.text");
    return "console/signed-out";
  }

  static boolean own(Staff staff, ConsoleGateway.Request request) {
    return staff.username() != null && staff.username().equals(request.requestedBy());
  }

  static void require(boolean allowed) {
    if (!allowed) {
      throw new ConsoleForbidden();
    }
  }

  static Mono<Void> seeOther(ServerWebExchange exchange, String location) {
    return Mono.fromRunnable(() -> {
      exchange.getResponse().setStatusCode(HttpStatus.SEE_OTHER);
      exchange.getResponse().getHeaders().setLocation(URI.create(location));
    });
  }
}
