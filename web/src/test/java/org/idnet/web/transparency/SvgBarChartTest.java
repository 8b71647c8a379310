package org.idnet.web.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.idnet.web.gateway.TransparencyReportJson;
import org.idnet.web.gateway.TransparencyReportJson.Count;
import org.junit.jupiter.api.Test;

class SvgBarChartTest {

  static ReportView view() {
    return ReportView.of(new TransparencyReportJson(Instant.parse("2026-11-01T00:00:00Z"),
        Instant.parse("2026-12-01T00:00:00Z"), List.of(
            new Count("agency-1", "B1", "DISCLOSED", 6),
            new Count("agency-1", "B2", "REJECTED", 2),
            new Count("agency-2", "B1", "DISCLOSED", 1),
            new Count("agency-2", "B1", "SOMETHING_NEW", 1)), 10, List.of()));
  }

  @Test
  void oneBarPerAgencyStackedByOutcomeInProportion() {
    SvgBarChart chart = SvgBarChart.of(view());
    assertThat(chart.bars()).extracting(SvgBarChart.Bar::label).containsExactly("agency-1", "agency-2");
    SvgBarChart.Bar first = chart.bars().get(0);
    assertThat(first.total()).isEqualTo(8);
    assertThat(first.segments()).extracting(SvgBarChart.Segment::count).containsExactly(6L, 2L);
    // The longest bar fills the bar space; the others are in proportion; segments follow each other.
    assertThat(first.segments().get(0).width()).isEqualTo((int) Math.round(SvgBarChart.BAR_SPACE * 6 / 8.0));
    assertThat(first.segments().get(1).x()).isEqualTo(SvgBarChart.LABEL_WIDTH + first.segments().get(0).width());
    assertThat(chart.bars().get(1).segments()).extracting(SvgBarChart.Segment::width)
        .containsExactly((int) Math.round(SvgBarChart.BAR_SPACE / 8.0), (int) Math.round(SvgBarChart.BAR_SPACE / 8.0));
    // Each segment's label sits inside it.
    chart.bars().forEach(bar -> bar.segments().forEach(s -> {
      assertThat(s.textX()).isBetween(s.x(), s.x() + s.width());
      assertThat(s.textY()).isBetween(s.y(), s.y() + s.height());
    }));
    assertThat(chart.bars().get(1).y()).isGreaterThanOrEqualTo(first.y() + SvgBarChart.BAR);
  }

  @Test
  void aDistinctPatternPerOutcomeAndALegendEntryEach() {
    SvgBarChart chart = SvgBarChart.of(view());
    assertThat(chart.patterns()).hasSize(3);
    assertThat(chart.patterns()).extracting(SvgBarChart.Pattern::path).doesNotHaveDuplicates();
    assertThat(chart.patterns()).extracting(SvgBarChart.Pattern::background).doesNotHaveDuplicates();
    assertThat(chart.legend()).extracting(l -> l.outcome().code())
        .containsExactly("DISCLOSED", "REJECTED", "SOMETHING_NEW");
    assertThat(chart.legend().get(2).outcome().known()).isFalse();
    assertThat(chart.legend()).extracting(SvgBarChart.LegendItem::fill)
        .containsExactly("url(#outcome-0)", "url(#outcome-1)", "url(#outcome-2)");
    assertThat(chart.height()).isGreaterThan(chart.legend().get(2).y());
  }

  @Test
  void aTinyCountStillShows() {
    ReportView view = ReportView.of(new TransparencyReportJson(null, Instant.parse("2026-12-01T00:00:00Z"), List.of(
        new Count("a", "B", "DISCLOSED", 10_000), new Count("b", "B", "DISCLOSED", 1)), 10_001, List.of()));
    assertThat(SvgBarChart.of(view).bars().get(1).segments().get(0).width()).isEqualTo(2);
  }

  @Test
  void theMedianIsSaidInDaysHoursOrMinutes() {
    assertThat(ReportView.decisionRow("2026-11", "a", 9, 7_800L).durationKey()).isEqualTo("duration.hours");
    assertThat(ReportView.decisionRow("2026-11", "a", 9, 7_800L).durationArgs()).containsExactly(2L, 10L);
    assertThat(ReportView.decisionRow("2026-11", "a", 9, 200_000L).durationArgs()).containsExactly(2L, 7L);
    assertThat(ReportView.decisionRow("2026-11", "a", 3, null).durationKey()).isNull();
  }
}
