package org.idnet.web.transparency;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.idnet.web.gateway.TransparencyReportJson;

/**
 * The transparency report as the page shows it: requests by agency × outcome and by legal basis ×
 * outcome (a column per outcome that occurs, in a fixed order, and a total), and each agency's
 * median time to decision per calendar month that ended within the period, when the API gives one
 * (5 or more decided).
 *
 * @param firstDay the first day counted (UTC: the report's periods are UTC days)
 * @param lastDay the last day counted (the report's end is exclusive)
 */
public record ReportView(LocalDate firstDay, LocalDate lastDay, long total, List<Outcome> outcomes,
    List<Row> byAgency, List<Row> byBasis, List<DecisionRow> decisionTimes) {

  /** The statuses of disclosure_requests.proto, in the order the columns take. */
  static final List<String> KNOWN_OUTCOMES = List.of("DISCLOSED", "APPROVED", "AWAITING_APPROVAL", "REJECTED",
      "CANCELLED", "EXPIRED", "NOT_FOUND_AT_SOURCE", "RELEASE_REFUSED");

  /**
   * @param code the API's status
   * @param known whether a message names it ({@link #messageKey}); otherwise the page shows the code
   */
  public record Outcome(String code, boolean known) {
    public String messageKey() {
      return "outcome." + code;
    }
  }

  /** @param counts one per {@link #outcomes()}, in that order */
  public record Row(String name, List<Long> counts, long total) {
  }

  /**
   * @param month the calendar month (UTC) of the requests, {@code 2026-11}
   * @param medianSeconds null when the API left it out
   * @param durationKey the message that says the median ({@code duration.*}), with {@code durationArgs}
   */
  public record DecisionRow(String month, String agency, long decided, Long medianSeconds, String durationKey,
      List<Long> durationArgs) {
  }

  public boolean empty() {
    return byAgency.isEmpty();
  }

  public static ReportView of(TransparencyReportJson report) {
    TreeSet<String> codes = new TreeSet<>(Comparator.comparingInt((String c) -> {
      int i = KNOWN_OUTCOMES.indexOf(c);
      return i < 0 ? KNOWN_OUTCOMES.size() : i;
    }).thenComparing(Comparator.naturalOrder()));
    report.counts().forEach(c -> codes.add(c.outcome()));
    List<Outcome> outcomes = codes.stream().map(c -> new Outcome(c, KNOWN_OUTCOMES.contains(c))).toList();
    LocalDate first = report.from() == null ? null : report.from().atOffset(ZoneOffset.UTC).toLocalDate();
    LocalDate last = report.to() == null ? null : report.to().minusNanos(1).atOffset(ZoneOffset.UTC).toLocalDate();
    List<DecisionRow> decisions = report.decisionTimes().stream()
        .sorted(Comparator.comparing(TransparencyReportJson.DecisionTime::month,
            Comparator.nullsFirst(Comparator.<String>naturalOrder()))
            .thenComparing(TransparencyReportJson.DecisionTime::agencyId))
        .map(d -> decisionRow(d.month(), d.agencyId(), d.decided(), d.medianSeconds())).toList();
    return new ReportView(first, last, report.total(), outcomes,
        rows(report, outcomes, TransparencyReportJson.Count::agencyId),
        rows(report, outcomes, TransparencyReportJson.Count::legalBasis), decisions);
  }

  private static List<Row> rows(TransparencyReportJson report, List<Outcome> outcomes,
      java.util.function.Function<TransparencyReportJson.Count, String> key) {
    Map<String, Map<String, Long>> table = new TreeMap<>();
    report.counts().forEach(c -> table.computeIfAbsent(key.apply(c), k -> new LinkedHashMap<>())
        .merge(c.outcome(), c.count(), Long::sum));
    List<Row> rows = new ArrayList<>();
    table.forEach((name, byOutcome) -> {
      List<Long> counts = outcomes.stream().map(o -> byOutcome.getOrDefault(o.code(), 0L)).toList();
      rows.add(new Row(name, counts, counts.stream().mapToLong(Long::longValue).sum()));
    });
    return List.copyOf(rows);
  }

  static DecisionRow decisionRow(String month, String agency, long decided, Long medianSeconds) {
    if (medianSeconds == null) {
      return new DecisionRow(month, agency, decided, null, null, List.of());
    }
    long s = medianSeconds;
    long days = s / 86_400;
    long hours = s % 86_400 / 3_600;
    long minutes = s % 3_600 / 60;
    if (days > 0) {
      return new DecisionRow(month, agency, decided, s, "duration.days", List.of(days, hours));
    }
    if (hours > 0) {
      return new DecisionRow(month, agency, decided, s, "duration.hours", List.of(hours, minutes));
    }
    if (minutes > 0) {
      return new DecisionRow(month, agency, decided, s, "duration.minutes", List.of(minutes, 0L));
    }
    return new DecisionRow(month, agency, decided, s, "duration.seconds", List.of(s, 0L));
  }
}
