package org.idnet.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.idnet.client.imports.AccountImport;
import org.idnet.client.imports.ImportStatus;
import org.junit.jupiter.api.Test;

class ProgressTest {

  static final Instant T0 = Instant.parse("2026-12-05T01:00:00Z");

  static AccountImport state(ImportStatus status, long received, long bound, long refused) {
    return new AccountImport("imp_AAAAAAAAAAAAAAAAAAAAAA", status, T0, Optional.empty(), 5, received, bound, refused,
        received - bound - refused, Map.of());
  }

  @Test
  void theBarFillsWithTheFraction() {
    assertThat(Progress.bar(0, 10)).isEqualTo("[----------]");
    assertThat(Progress.bar(0.55, 10)).isEqualTo("[#####-----]");
    assertThat(Progress.bar(1, 10)).isEqualTo("[##########]");
    assertThat(Progress.bar(1.5, 4)).isEqualTo("[####]");
    assertThat(Progress.bar(Double.NaN, 4)).isEqualTo("[----]");
  }

  @Test
  void processingShowsDoneRefusedRemainingSpeedAndTimeLeft() {
    String line = Progress.processing(state(ImportStatus.PROCESSING, 10_000, 4_000, 500), Optional.of(1_500.0));

    assertThat(line).isEqualTo("processing [##########--------------] 45%, 4,500 of 10,000 done (4,000 bound, 500"
        + " refused), 5,500 remaining, 1,500 lines/s, ETA 0:04");
  }

  @Test
  void beforeTheSpeedIsKnownThereIsNoTimeLeftAndWhenDoneNone() {
    assertThat(Progress.processing(state(ImportStatus.OPEN, 2_000, 0, 0), Optional.empty()))
        .endsWith("0 of 2,000 done (0 bound, 0 refused), 2,000 remaining");
    assertThat(Progress.processing(state(ImportStatus.DONE, 2_000, 1_990, 10), Optional.of(800.0)))
        .contains("100%").endsWith("0 remaining, 800 lines/s");
    assertThat(Progress.processing(state(ImportStatus.DONE, 0, 0, 0), Optional.empty()))
        .startsWith("processing [########################] 100%");
  }

  @Test
  void uploadShowsBatchesAndLines() {
    assertThat(Progress.upload(2, 8, 2_000, 7_321))
        .isEqualTo("upload     [######------------------] batch 2 of 8, 2,000 of 7,321 lines sent");
  }

  @Test
  void durationsReadAsAClock() {
    assertThat(Progress.duration(Duration.ofSeconds(7))).isEqualTo("0:07");
    assertThat(Progress.duration(Duration.ofSeconds(725))).isEqualTo("12:05");
    assertThat(Progress.duration(Duration.ofSeconds(3723))).isEqualTo("1:02:03");
  }

  @Test
  void theSpeedIsThatOfTheLastWindow() {
    Progress.Speed speed = new Progress.Speed(Duration.ofSeconds(10));

    assertThat(speed.add(T0, 0)).isEmpty();
    assertThat(speed.add(T0.plusMillis(500), 100)).isEmpty();
    assertThat(speed.add(T0.plusSeconds(2), 1_000)).contains(500.0);
    speed.add(T0.plusSeconds(12), 21_000);
    // The samples older than 10 s are gone: 20,000 lines in the last 10 s.
    assertThat(speed.add(T0.plusSeconds(14), 25_000)).contains(2_000.0);
  }

  @Test
  void onATerminalTheLineIsRedrawnInPlace() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Display display = new Display(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, Duration.ofSeconds(10),
        () -> T0);

    display.progress("one");
    display.progress("two");
    display.say("note");
    display.progress("three");
    display.endPhase();

    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo("\rone\u001b[K\rtwo\u001b[K\r\u001b[Kidnet-import: note\n\rthree\u001b[K\n");
  }

  @Test
  void elsewherePlainLinesComeAtMostEveryPeriodAndTheLastStateAtTheEnd() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    AtomicReference<Instant> now = new AtomicReference<>(T0);
    Display display = new Display(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, Duration.ofSeconds(10),
        now::get);

    display.progress("at 0 s");
    now.set(T0.plusSeconds(4));
    display.progress("at 4 s");
    now.set(T0.plusSeconds(10));
    display.progress("at 10 s");
    now.set(T0.plusSeconds(12));
    display.progress("at 12 s");
    display.endPhase();

    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo("idnet-import: at 0 s\nidnet-import: at 10 s\nidnet-import: at 12 s\n").doesNotContain("\r");
  }
}
