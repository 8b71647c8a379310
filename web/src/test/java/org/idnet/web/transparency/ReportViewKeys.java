package org.idnet.web.transparency;

import java.util.ArrayList;
import java.util.List;

/** Tests only: the message keys ReportView and TransparencyController can compute. */
public final class ReportViewKeys {

  private ReportViewKeys() {
  }

  public static List<String> all() {
    List<String> keys = new ArrayList<>();
    ReportView.KNOWN_OUTCOMES.forEach(o -> keys.add(new ReportView.Outcome(o, true).messageKey()));
    for (long seconds : new long[] {5, 120, 7_800, 200_000}) {
      keys.add(ReportView.decisionRow("2026-11", "a", 5, seconds).durationKey());
    }
    keys.addAll(List.of("error.invalid-date", "error.reversed-period", "error.period-out-of-range"));
    return keys;
  }
}
