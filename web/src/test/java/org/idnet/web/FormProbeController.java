package org.idnet.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Mono;

/**
 * Tests only: a page with a POST form under {@code /verify/} (as the hosted pages will have), to
 * prove the machinery every form relies on: the {@code _csrf} field, the session cookie, the
 * refusals, the POST limit, {@code changeSessionId}.
 */
@Controller
public class FormProbeController {

  @GetMapping("/verify/probe")
  String form() {
    return "probe/form";
  }

  @PostMapping("/verify/probe")
  @ResponseBody
  Mono<String> submit(ServerWebExchange exchange) {
    return exchange.getSession().flatMap(session -> {
      session.getAttributes().put("probe", "posted");
      return session.changeSessionId().thenReturn("accepted");
    });
  }

  @GetMapping("/verify/probe/session")
  @ResponseBody
  Mono<String> session(ServerWebExchange exchange) {
    return exchange.getSession().map(WebSession::getAttributes)
        .map(attributes -> String.valueOf(attributes.getOrDefault("probe", "none")));
  }
}
