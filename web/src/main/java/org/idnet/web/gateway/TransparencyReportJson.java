package org.idnet.web.gateway;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /v1/transparency-report}'s answer (transparency.proto, printed by the gateway with
 * 64-bit integers as JSON numbers; {@code decisionTimes} per ended calendar month {@code "2026-11"} and
 * agency, {@code medianSeconds} absent when fewer than 5 were decided).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TransparencyReportJson(Instant from, Instant to, List<Count> counts, long total,
    List<DecisionTime> decisionTimes) {

  public TransparencyReportJson {
    counts = counts == null ? List.of() : List.copyOf(counts);
    decisionTimes = decisionTimes == null ? List.of() : List.copyOf(decisionTimes);
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Count(String agencyId, String legalBasis, String outcome, long count) {
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record DecisionTime(String month, String agencyId, long decided, Long medianSeconds) {
  }
}
