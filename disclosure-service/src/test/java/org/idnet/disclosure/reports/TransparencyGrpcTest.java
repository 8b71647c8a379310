package org.idnet.disclosure.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.disclosure.requests.Messages.create;
import static org.idnet.disclosure.requests.Messages.refusal;
import static org.idnet.identity.v1.IdentityField.FULL_NAME;

import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.idnet.disclosure.api.ProtoTime;
import org.idnet.disclosure.requests.Agency;
import org.idnet.disclosure.requests.Catalogues;
import org.idnet.disclosure.requests.Messages.Refusal;
import org.idnet.disclosure.requests.RequestsHarness;
import org.idnet.disclosure.v1.ApproveDisclosureRequestRequest;
import org.idnet.disclosure.v1.CancelDisclosureRequestRequest;
import org.idnet.disclosure.v1.GetTransparencyReportRequest;
import org.idnet.disclosure.v1.RejectDisclosureRequestRequest;
import org.idnet.disclosure.v1.TransparencyCount;
import org.idnet.disclosure.v1.TransparencyDecisionTime;
import org.idnet.disclosure.v1.TransparencyReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The public report: counts by agency, basis and outcome over whole periods that ended, without a
 * caller, without ids, and never a way to single out one request.
 */
class TransparencyGrpcTest {

  static RequestsHarness harness;

  @BeforeAll
  static void start() {
    harness = RequestsHarness.start();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  static String file(Agency agency, String basis) {
    return harness.requests(agency.officer1()).createDisclosureRequest(create(basis, FULL_NAME).build()).getId();
  }

  static TransparencyReport report(Instant from, Instant to) {
    var request = GetTransparencyReportRequest.newBuilder();
    if (from != null) {
      request.setFrom(ProtoTime.of(from));
    }
    if (to != null) {
      request.setTo(ProtoTime.of(to));
    }
    return harness.transparency().getTransparencyReport(request.build());
  }

  static List<TransparencyCount> rowsOf(TransparencyReport report, Agency agency) {
    return report.getCountsList().stream().filter(c -> c.getAgencyId().equals(agency.id())).toList();
  }

  /** The harness's report period is a minute. */
  static Instant periodStart(Instant at) {
    return at.truncatedTo(ChronoUnit.MINUTES);
  }

  static long total(TransparencyReport report, Agency agency) {
    return rowsOf(report, agency).stream().mapToLong(TransparencyCount::getCount).sum();
  }

  @Test
  void reportWhenPeriodsEndedThenCountsByAgencyBasisAndCurrentOutcomeOverWholePeriods() {
    Agency agency = Agency.fresh();
    Instant from = harness.clock.instant();
    file(agency, Catalogues.CPC_ART88);
    file(agency, Catalogues.CPC_ART88);
    harness.approve(agency.supervisor1(), ApproveDisclosureRequestRequest.newBuilder()
        .setId(file(agency, Catalogues.CPC_ART88)).build());
    harness.requests(agency.supervisor1()).rejectDisclosureRequest(RejectDisclosureRequestRequest.newBuilder()
        .setId(file(agency, Catalogues.TAX_ART98)).setReason("Not proportionate.").build());
    harness.clock.advance(RequestsHarness.REPORT_PERIOD);
    Instant to = harness.clock.instant();
    file(agency, Catalogues.TAX_ART98);

    TransparencyReport report = report(from, to);
    assertThat(rowsOf(report, agency)).containsExactly(
        count(agency, Catalogues.CPC_ART88, "AWAITING_APPROVAL", 2),
        count(agency, Catalogues.CPC_ART88, "DISCLOSED", 1),
        count(agency, Catalogues.TAX_ART98, "REJECTED", 1));
    assertThat(report.getFrom()).isEqualTo(ProtoTime.of(periodStart(from)));
    assertThat(report.getTo()).isEqualTo(ProtoTime.of(periodStart(to)));
    assertThat(report.getTotal()).isEqualTo(report.getCountsList().stream().mapToLong(TransparencyCount::getCount)
        .sum());
    harness.clock.advance(RequestsHarness.REPORT_PERIOD);
    assertThat(total(report(null, null), agency)).isEqualTo(5);
  }

  @Test
  void reportWhenAskedForTheCurrentPeriodOrForAMicrosecondThenOnlyWholePeriodsThatEnded() {
    Agency agency = Agency.fresh();
    Instant filedAt = harness.clock.instant();
    file(agency, Catalogues.CPC_ART88);

    assertThat(rowsOf(report(null, null), agency)).isEmpty();
    Refusal current = refusal(() -> report(filedAt, null));
    assertThat(current.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(current.field()).isEqualTo("from");

    harness.clock.advance(RequestsHarness.REPORT_PERIOD);
    TransparencyReport narrow = report(filedAt, filedAt.plus(1, ChronoUnit.MICROS));
    assertThat(narrow.getFrom()).isEqualTo(ProtoTime.of(periodStart(filedAt)));
    assertThat(narrow.getTo()).isEqualTo(ProtoTime.of(periodStart(filedAt).plus(RequestsHarness.REPORT_PERIOD)));
    assertThat(total(narrow, agency)).isEqualTo(1);
  }

  @Test
  void reportWhenAWindowHasEndedThenEachRequestAsItStoodAtItsEndSoPollingShowsNothingMove() {
    Agency agency = Agency.fresh();
    Instant filedAt = harness.clock.instant();
    String id = file(agency, Catalogues.CPC_ART88);
    Instant windowEnd = periodStart(filedAt).plus(RequestsHarness.REPORT_PERIOD);
    harness.clock.advance(RequestsHarness.REPORT_PERIOD);
    TransparencyReport before = report(filedAt, windowEnd);

    harness.approve(agency.supervisor1(), ApproveDisclosureRequestRequest.newBuilder()
        .setId(id).build());
    harness.clock.advance(RequestsHarness.REPORT_PERIOD);

    assertThat(rowsOf(before, agency)).containsExactly(count(agency, Catalogues.CPC_ART88, "AWAITING_APPROVAL", 1));
    assertThat(rowsOf(report(filedAt, windowEnd), agency)).isEqualTo(rowsOf(before, agency));
    assertThat(rowsOf(report(filedAt, null), agency))
        .containsExactly(count(agency, Catalogues.CPC_ART88, "DISCLOSED", 1));
  }

  @Test
  void reportWhenARequestIsStillConfidentialThenCountedOnlyOnceItsDatePassed() {
    Agency agency = Agency.fresh();
    harness.requests(agency.officer1()).createDisclosureRequest(create(Catalogues.CPC_ART88, FULL_NAME)
        .setConfidentialUntil(ProtoTime.of(harness.clock.instant().plus(Duration.ofMinutes(5)))).build());

    harness.clock.advance(RequestsHarness.REPORT_PERIOD);
    assertThat(rowsOf(report(null, null), agency)).isEmpty();
    harness.clock.advance(Duration.ofMinutes(5));
    assertThat(total(report(null, null), agency)).isEqualTo(1);
  }

  @Test
  void reportWhenFromNotBeforeToThenInvalidArgument() {
    Instant now = harness.clock.instant();
    var refusal = refusal(() -> report(now, now));
    assertThat(refusal.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(refusal.field()).isEqualTo("from");
  }

  static List<TransparencyDecisionTime> decisionTimesOf(TransparencyReport report, Agency agency) {
    return report.getDecisionTimesList().stream().filter(t -> t.getAgencyId().equals(agency.id())).toList();
  }

  /**
   * Files one request per entry at the same instant, then decides them in order, each when its
   * time to decision (seconds) has passed: approved, or rejected where {@code rejected}.
   */
  static void decideAfter(Agency agency, long[] seconds, boolean rejectEvenOnes) {
    String[] ids = new String[seconds.length];
    for (int i = 0; i < seconds.length; i++) {
      ids[i] = file(agency, Catalogues.CPC_ART88);
    }
    long elapsed = 0;
    for (int i = 0; i < seconds.length; i++) {
      harness.clock.advance(Duration.ofSeconds(seconds[i] - elapsed));
      elapsed = seconds[i];
      if (rejectEvenOnes && i % 2 == 0) {
        harness.requests(agency.supervisor1()).rejectDisclosureRequest(RejectDisclosureRequestRequest.newBuilder()
            .setId(ids[i]).setReason("Not proportionate.").build());
      } else {
        harness.approve(agency.supervisor1(), ApproveDisclosureRequestRequest.newBuilder().setId(ids[i]).build());
      }
    }
  }

  static TransparencyDecisionTime decisionTime(YearMonth month, Agency agency, long decided, Long medianSeconds) {
    var row = TransparencyDecisionTime.newBuilder().setMonth(month.toString()).setAgencyId(agency.id())
        .setDecided(decided);
    if (medianSeconds != null) {
      row.setMedianSeconds(medianSeconds);
    }
    return row.build();
  }

  static Instant startOf(YearMonth month) {
    return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** Moves the clock to a minute into the next calendar month (UTC), a month no test used yet. */
  static YearMonth freshMonth() {
    YearMonth next = YearMonth.from(harness.clock.instant().atOffset(ZoneOffset.UTC)).plusMonths(1);
    harness.clock.advance(Duration.between(harness.clock.instant(), startOf(next).plusSeconds(60)));
    return next;
  }

  /** Moves the clock a minute past the end of {@code month}. */
  static void endOf(YearMonth month) {
    harness.clock.advance(Duration.between(harness.clock.instant(), startOf(month.plusMonths(1)).plusSeconds(60)));
  }

  @Test
  void reportWhenFewerThanFiveDecidedThenTheCountWithoutAMedianAndDecisionsAfterTheMonthNotCounted() {
    Agency agency = Agency.fresh();
    YearMonth month = freshMonth();
    // Undecided and cancelled requests are no decisions.
    file(agency, Catalogues.CPC_ART88);
    harness.requests(agency.officer1()).cancelDisclosureRequest(CancelDisclosureRequestRequest.newBuilder()
        .setId(file(agency, Catalogues.CPC_ART88)).build());
    decideAfter(agency, new long[] {70, 80, 90, 100}, true);
    endOf(month);

    TransparencyReport report = report(startOf(month), null);
    assertThat(decisionTimesOf(report, agency)).containsExactly(decisionTime(month, agency, 4, null));
    assertThat(decisionTimesOf(report, agency).get(0).hasMedianSeconds()).isFalse();
    assertThat(total(report, agency)).isEqualTo(6);
  }

  @Test
  void reportWhenFiveDecidedThenTheMedianOfTheirTimesToDecisionInWholeMinutes() {
    Agency agency = Agency.fresh();
    YearMonth month = freshMonth();
    file(agency, Catalogues.CPC_ART88);
    decideAfter(agency, new long[] {10, 30, 150, 600, 720}, true);
    endOf(month);

    // The middle one took 150 s: published as 2 minutes.
    assertThat(decisionTimesOf(report(startOf(month), null), agency))
        .containsExactly(decisionTime(month, agency, 5, 120L));
  }

  @Test
  void reportWhenAnEvenNumberDecidedThenTheMeanOfTheTwoMiddleTimesRoundedDownToMinutes() {
    Agency agency = Agency.fresh();
    Agency other = Agency.fresh();
    YearMonth month = freshMonth();
    decideAfter(agency, new long[] {10, 30, 61, 300, 720, 1000}, false);
    decideAfter(other, new long[] {5, 5, 5, 5, 5}, true);
    endOf(month);

    TransparencyReport report = report(startOf(month), null);
    // (61 + 300) / 2 = 180.5 s: 3 minutes.
    assertThat(decisionTimesOf(report, agency)).containsExactly(decisionTime(month, agency, 6, 180L));
    assertThat(decisionTimesOf(report, other)).containsExactly(decisionTime(month, other, 5, 0L));
    assertThat(report.getDecisionTimesList())
        .extracting(t -> t.getMonth() + " " + t.getAgencyId()).isSorted();
  }

  @Test
  void reportWhenTheMonthIsStillRunningThenNoMedianForItEvenOverEndedPeriods() {
    Agency agency = Agency.fresh();
    YearMonth month = freshMonth();
    decideAfter(agency, new long[] {60, 120, 180, 240, 300}, false);
    harness.clock.advance(RequestsHarness.REPORT_PERIOD);

    TransparencyReport running = report(startOf(month), null);
    assertThat(total(running, agency)).isEqualTo(5);
    assertThat(decisionTimesOf(running, agency)).isEmpty();
    assertThat(decisionTimesOf(report(null, null), agency)).isEmpty();
    assertThat(running.getDecisionTimesList()).extracting(TransparencyDecisionTime::getMonth)
        .doesNotContain(month.toString());

    endOf(month);
    assertThat(decisionTimesOf(report(startOf(month), null), agency))
        .containsExactly(decisionTime(month, agency, 5, 180L));
  }

  @Test
  void reportWhenAMonthHasEndedThenItsMedianNeverChangesWhateverIsDecidedLater() {
    Agency agency = Agency.fresh();
    YearMonth month = freshMonth();
    decideAfter(agency, new long[] {60, 120, 180, 240, 300}, false);
    // A sixth request of the month, decided three minutes after the month's end; and one that stays
    // confidential beyond the month's end, decided within it.
    harness.clock.advance(Duration.between(harness.clock.instant(), startOf(month.plusMonths(1)).minusSeconds(120)));
    String late = file(agency, Catalogues.CPC_ART88);
    String confidential = harness.requests(agency.officer1()).createDisclosureRequest(
        create(Catalogues.CPC_ART88, FULL_NAME).setConfidentialUntil(ProtoTime.of(startOf(month.plusMonths(1))
            .plusSeconds(30))).build()).getId();
    harness.clock.advance(Duration.ofSeconds(60));
    harness.approve(agency.supervisor1(), ApproveDisclosureRequestRequest.newBuilder().setId(confidential).build());
    endOf(month);
    TransparencyReport before = report(startOf(month), null);
    assertThat(decisionTimesOf(before, agency)).containsExactly(decisionTime(month, agency, 5, 180L));

    harness.approve(agency.supervisor1(), ApproveDisclosureRequestRequest.newBuilder().setId(late).build());
    harness.clock.advance(Duration.ofDays(1));

    TransparencyReport after = report(startOf(month), null);
    assertThat(decisionTimesOf(after, agency)).isEqualTo(decisionTimesOf(before, agency));
    // The counts do take both in: they are counts, not a median.
    assertThat(total(after, agency)).isEqualTo(7);
  }

  @Test
  void reportWhenWindowsOverlapThenEachMonthHasTheSameMedianAndOnlyWholeEndedMonthsAreListed() {
    Agency agency = Agency.fresh();
    YearMonth first = freshMonth();
    decideAfter(agency, new long[] {60, 120, 180, 240, 300}, false);
    YearMonth second = freshMonth();
    decideAfter(agency, new long[] {600, 660, 720, 840, 900, 960}, false);
    harness.clock.advance(Duration.ofDays(10));
    Instant midSecond = harness.clock.instant().truncatedTo(ChronoUnit.DAYS);
    // The second month has not ended: a window reaching into it lists only the first.
    assertThat(decisionTimesOf(report(startOf(first), null), agency))
        .containsExactly(decisionTime(first, agency, 5, 180L));
    endOf(second);

    TransparencyReport both = report(startOf(first), startOf(second.plusMonths(1)));
    assertThat(decisionTimesOf(both, agency)).containsExactly(decisionTime(first, agency, 5, 180L),
        decisionTime(second, agency, 6, 780L));
    // Windows that cover only part of a month do not list it; the months they cover whole are the same rows.
    assertThat(decisionTimesOf(report(startOf(first).plus(Duration.ofDays(1)), null), agency))
        .containsExactly(decisionTime(second, agency, 6, 780L));
    assertThat(decisionTimesOf(report(startOf(first), midSecond), agency))
        .containsExactly(decisionTime(first, agency, 5, 180L));
    assertThat(decisionTimesOf(report(null, null), agency)).isEqualTo(decisionTimesOf(both, agency));
    assertThat(decisionTimesOf(report(startOf(second).plus(Duration.ofDays(2)), midSecond.plus(Duration.ofDays(3))),
        agency)).isEmpty();
  }

  static TransparencyCount count(Agency agency, String basis, String outcome, long n) {
    return TransparencyCount.newBuilder().setAgencyId(agency.id()).setLegalBasis(basis).setOutcome(outcome)
        .setCount(n).build();
  }
}
