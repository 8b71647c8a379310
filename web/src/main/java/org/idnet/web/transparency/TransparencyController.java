package org.idnet.web.transparency;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.idnet.web.gateway.GatewayProblem;
import org.idnet.web.i18n.LanguageResolver;
import org.idnet.web.security.SessionFree;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code GET /transparency?from=&to=} (dates, UTC days, both included): the public report as tables
 * and a chart, for anyone, without a session. A malformed or reversed period is shown as an error
 * next to the form (400); a gateway refusal or outage as its message (the gateway's status, 503 when
 * unreachable).
 */
@Controller
@SessionFree
public class TransparencyController {

  private final ReportCache reports;
  private final MessageSource messages;

  public TransparencyController(ReportCache reports, MessageSource messages) {
    this.reports = reports;
    this.messages = messages;
  }

  @GetMapping("/transparency")
  Mono<String> report(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
      Model model, ServerWebExchange exchange) {
    model.addAttribute("from", from == null ? "" : from);
    model.addAttribute("to", to == null ? "" : to);
    LocalDate first;
    LocalDate last;
    try {
      first = blank(from) ? null : LocalDate.parse(from.trim());
      last = blank(to) ? null : LocalDate.parse(to.trim());
    } catch (DateTimeParseException e) {
      return refused(model, exchange, "error.invalid-date");
    }
    if (first != null && last != null && last.isBefore(first)) {
      return refused(model, exchange, "error.reversed-period");
    }
    return reports.report(first == null ? null : first.atStartOfDay(ZoneOffset.UTC).toInstant(),
            last == null ? null : last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())
        .map(report -> {
          ReportView view = ReportView.of(report);
          model.addAttribute("report", view);
          model.addAttribute("chart", SvgBarChart.of(view));
          return "transparency/report";
        })
        .onErrorResume(GatewayProblem.class, problem -> {
          exchange.getResponse().setStatusCode(HttpStatus.valueOf(problem.status() >= 500 || problem.status() == 429
              ? 503 : problem.status()));
          model.addAttribute("problem", known(problem.messageKey()) ? problem.messageKey() : "error.unexpected");
          return Mono.just("transparency/report");
        });
  }

  private static Mono<String> refused(Model model, ServerWebExchange exchange, String key) {
    exchange.getResponse().setStatusCode(HttpStatus.BAD_REQUEST);
    model.addAttribute("dateError", key);
    return Mono.just("transparency/report");
  }

  /** Only codes the bundles name are shown by their message; any other as "something went wrong". */
  private boolean known(String key) {
    return messages.getMessage(key, null, null, LanguageResolver.VIETNAMESE) != null;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
