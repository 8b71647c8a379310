package org.idnet.web.transparency;

import java.util.ArrayList;
import java.util.List;

/**
 * The transparency chart's geometry: one horizontal bar per agency, stacked by outcome, each segment
 * filled with its outcome's pattern (so colour is not the only cue) and labelled with its count.
 * The template draws it as inline SVG with presentation attributes only (the CSP allows no inline
 * style) and no script; the tables beside it carry the same numbers.
 */
public record SvgBarChart(int width, int height, List<Bar> bars, List<LegendItem> legend, List<Pattern> patterns) {

  static final int WIDTH = 480;
  static final int LABEL_WIDTH = 130;
  static final int BAR_SPACE = 290;
  static final int ROW = 40;
  static final int BAR = 28;
  static final int TOP = 8;
  static final int LEGEND_ROW = 28;

  /** One agency. {@code labelY} is the text's baseline; {@code totalX} where its total is written. */
  public record Bar(String label, int y, int labelY, long total, int totalX, List<Segment> segments) {
  }

  public record Segment(ReportView.Outcome outcome, long count, int x, int y, int width, int height,
      String fill, int textX, int textY) {
  }

  public record LegendItem(ReportView.Outcome outcome, int y, int textY, String fill) {
  }

  /**
   * An 8×8 tile: {@code background} with {@code path} stroked in {@code stroke}.
   *
   * @param id referenced as {@code url(#id)}
   */
  public record Pattern(String id, String background, String stroke, String path) {
  }

  /** Light backgrounds (black text on them passes 4.5:1) and a distinct stroke shape per outcome. */
  private static final List<String[]> LOOKS = List.of(
      new String[] {"#c6dbef", "#08519c", "M0,8 L8,0"},
      new String[] {"#c7e9c0", "#006d2c", "M0,4 L8,4"},
      new String[] {"#eeeeee", "#525252", "M3,3 h2 v2 h-2 z"},
      new String[] {"#fdd0a2", "#a63603", "M0,0 L8,8 M0,8 L8,0"},
      new String[] {"#e0dcef", "#54278f", "M4,0 L4,8"},
      new String[] {"#fee0d2", "#a50f15", "M0,4 L8,4 M4,0 L4,8"},
      new String[] {"#ffffcc", "#7a6a00", "M0,0 L8,8"},
      new String[] {"#fcc5c0", "#7a0177", "M0,2 L8,2 M0,6 L8,6"},
      new String[] {"#ffffff", "#252525", "M0,0 L8,0 L8,8"});

  public static SvgBarChart of(ReportView view) {
    List<Pattern> patterns = new ArrayList<>();
    for (int i = 0; i < view.outcomes().size(); i++) {
      ReportView.Outcome outcome = view.outcomes().get(i);
      int known = ReportView.KNOWN_OUTCOMES.indexOf(outcome.code());
      String[] look = LOOKS.get(known < 0 ? LOOKS.size() - 1 : known);
      patterns.add(new Pattern("outcome-" + i, look[0], look[1], look[2]));
    }
    long max = view.byAgency().stream().mapToLong(ReportView.Row::total).max().orElse(1);
    List<Bar> bars = new ArrayList<>();
    for (int r = 0; r < view.byAgency().size(); r++) {
      ReportView.Row row = view.byAgency().get(r);
      int y = TOP + r * ROW;
      int x = LABEL_WIDTH;
      List<Segment> segments = new ArrayList<>();
      for (int i = 0; i < row.counts().size(); i++) {
        long count = row.counts().get(i);
        if (count == 0) {
          continue;
        }
        int width = (int) Math.max(2, Math.round((double) count * BAR_SPACE / max));
        segments.add(new Segment(view.outcomes().get(i), count, x, y, width, BAR,
            "url(#" + patterns.get(i).id() + ")", x + width / 2, y + BAR / 2 + 5));
        x += width;
      }
      bars.add(new Bar(row.name(), y, y + BAR / 2 + 5, row.total(), x + 6, segments));
    }
    int legendTop = TOP + bars.size() * ROW + 12;
    List<LegendItem> legend = new ArrayList<>();
    for (int i = 0; i < view.outcomes().size(); i++) {
      int y = legendTop + i * LEGEND_ROW;
      legend.add(new LegendItem(view.outcomes().get(i), y, y + 15, "url(#" + patterns.get(i).id() + ")"));
    }
    int height = legendTop + legend.size() * LEGEND_ROW + 4;
    return new SvgBarChart(WIDTH, height, bars, legend, patterns);
  }
}
