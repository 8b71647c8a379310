package org.idnet.benchmarks;

import java.util.List;
import org.idnet.benchmarks.report.Measurement;

/** What a run measured, and what it learned on the way. */
final class RunOutcome {

  private final List<Measurement> measurements;
  private final LookupProbe lookups;
  private final int answerBytes;
  private final List<String> notes = new java.util.ArrayList<>();
  private String profile = "";
  private String keys = "";

  RunOutcome(List<Measurement> measurements, LookupProbe lookups, int answerBytes) {
    this.measurements = measurements;
    this.lookups = lookups;
    this.answerBytes = answerBytes;
  }

  List<Measurement> measurements() {
    return measurements;
  }

  LookupProbe lookups() {
    return lookups;
  }

  /** Size of a real verify-account answer, which B_http's fixed body copies. */
  int answerBytes() {
    return answerBytes;
  }

  /** What the service logs said during the run that bears on the figures. */
  List<String> notes() {
    return notes;
  }

  /** Which accounts P1-P3 asked for, and how they were spread. */
  String keys() {
    return keys;
  }

  void keys(String description) {
    this.keys = description;
  }

  String profile() {
    return profile;
  }

  void profile(String summaries) {
    this.profile = summaries;
  }
}
