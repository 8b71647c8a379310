package org.idnet.web.console;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The auditor's pages: the audit log from a sequence number, the signed checkpoint, the chain verification. */
@Controller
@ConditionalOnProperty(name = "idnet.web.console.enabled", havingValue = "true")
public class AuditController {

  private final ConsoleSessions sessions;
  private final ConsoleGateway gateway;

  public AuditController(ConsoleSessions sessions, ConsoleGateway gateway) {
    this.sessions = sessions;
    this.gateway = gateway;
  }

  @GetMapping("/console/audit")
  Mono<String> entries(@RequestParam(required = false) String fromSeq, ServerWebExchange exchange, Model model) {
    long from = fromSeq != null && fromSeq.matches("[0-9]{1,15}") ? Long.parseLong(fromSeq) : 1;
    return sessions.current(exchange).flatMap(signedIn -> {
      ConsoleController.require(signedIn.staff().auditor());
      model.addAttribute("staff", signedIn.staff());
      return gateway.auditEntries(signedIn.accessToken(), from).map(entries -> {
        model.addAttribute("entries", entries);
        model.addAttribute("next", entries.isEmpty() ? null : entries.getLast().seq() + 1);
        return "console/audit";
      });
    });
  }

  @GetMapping("/console/audit/checkpoint")
  Mono<String> checkpoint(ServerWebExchange exchange, Model model) {
    return sessions.current(exchange).flatMap(signedIn -> {
      ConsoleController.require(signedIn.staff().auditor());
      model.addAttribute("staff", signedIn.staff());
      return gateway.checkpoint(signedIn.accessToken()).map(checkpoint -> {
        model.addAttribute("checkpoint", checkpoint);
        return "console/checkpoint";
      });
    });
  }

  @GetMapping("/console/audit/verification")
  Mono<String> verification(ServerWebExchange exchange, Model model) {
    return sessions.current(exchange).flatMap(signedIn -> {
      ConsoleController.require(signedIn.staff().auditor());
      model.addAttribute("staff", signedIn.staff());
      return gateway.verification(signedIn.accessToken()).map(verification -> {
        model.addAttribute("verification", verification);
        return "console/verification";
      });
    });
  }
}
