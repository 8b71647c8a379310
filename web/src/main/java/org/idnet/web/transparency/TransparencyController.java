package org.idnet.web.transparency;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
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
 * {@code GET /transparency?from=&to=} (calendar months {@code 2026-11}, UTC, both included): the
 * public report as tables and a chart, for anyone, without a session. Whole months only, from
 * {@link #EARLIEST} to the current one, so the queries the web's one address sends the gateway are
 * few and cache well ({@link ReportCache}). A malformed, reversed or out-of-range period is shown as
 * an error next to the form (400); a gateway refusal or outage as its message (the gateway's
 * status, 503 when unreachable).
 */
@Controller
@SessionFree
public class TransparencyController {

  /** No month before this can be asked for: idnet reports nothing earlier. */
  static final YearMonth EARLIEST = YearMonth.of(2020, 1);

  private final ReportCache reports;
  private final MessageSource messages;
  private final Clock clock;

  public TransparencyController(ReportCache reports, MessageSource messages, Clock clock) {
    this.reports = reports;
    this.messages = messages;
    this.clock = clock;
  }

  @GetMapping("/transparency")
  Mono<String> report(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
      Model model, ServerWebExchange exchange) {
    model.addAttribute("from", from == null ? "" : from);
    model.addAttribute("to", to == null ? "" : to);
    YearMonth current = YearMonth.now(clock.withZone(ZoneOffset.UTC));
    model.addAttribute("earliest", EARLIEST.toString());
    model.addAttribute("latest", current.toString());
    YearMonth first;
    YearMonth last;
    try {
      first = blank(from) ? null : YearMonth.parse(from.trim());
      last = blank(to) ? null : YearMonth.parse(to.trim());
    } catch (DateTimeParseException e) {
      return refused(model, exchange, "error.invalid-date");
    }
    if (first != null && last != null && last.isBefore(first)) {
      return refused(model, exchange, "error.reversed-period");
    }
    if (outside(first, current) || outside(last, current)) {
      return refused(model, exchange, "error.period-out-of-range");
    }
    return reports.report(first == null ? null : start(first), last == null ? null : start(last.plusMonths(1)))
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

  private static boolean outside(YearMonth month, YearMonth current) {
    return month != null && (month.isBefore(EARLIEST) || month.isAfter(current));
  }

  private static Instant start(YearMonth month) {
    return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
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
