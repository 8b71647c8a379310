package org.idnet.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.idnet.client.IdnetClient;
import org.idnet.client.accounts.AccountVerification;
import org.idnet.client.accounts.PhoneSource;
import org.idnet.client.accounts.VerificationLevel;
import org.idnet.client.imports.AccountImport;
import org.idnet.client.imports.ImportStatus;
import org.idnet.sandbox.ProcessLogs;
import org.idnet.sandbox.SandboxNetwork;
import org.idnet.sandbox.SandboxSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The uploader against the real network, started as the sandbox starts it (free ports, the light
 * issuer, platform-a's development credentials): a file of 3,300 lines with blank lines, lines the
 * uploader does not send and lines idnet refuses; and the same file uploaded by bin/idnet-import,
 * killed (SIGKILL) after its first batch and resumed, ending exactly as the uninterrupted upload.
 */
class ImportEndToEndIT {

  static final int LINES = 3_300;
  static final Pattern OPENED = Pattern.compile("opened import (imp_[A-Za-z0-9_-]{22})");

  static Path data;
  static SandboxNetwork network;
  static IdnetClient idnet;
  static final ProcessLogs LOGS = ProcessLogs.ofTest(ImportEndToEndIT.class);

  @TempDir
  static Path dir;

  @BeforeAll
  static void startNetwork() throws Exception {
    data = Files.createTempDirectory("idnet-import-e2e");
    Path home = Path.of(System.getProperty("idnet.home", "..")).toAbsolutePath().normalize();
    network = SandboxNetwork.start(SandboxSettings.onFreePorts(home, data, SandboxSettings.IssuerKind.LIGHT), Map.of(),
        LOGS);
    idnet = IdnetClient.builder().baseUrl(network.gatewayUrl()).tokenUrl(network.tokenEndpoint())
        .clientId("platform-a").clientSecret("platform-a-secret").build();
  }

  @AfterAll
  static void stopNetwork() throws IOException {
    if (network != null) {
      network.close();
    }
    if (data != null) {
      try (Stream<Path> files = Files.walk(data)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  static Map<String, String> env() {
    return Map.of("IDNET_GATEWAY_URL", network.gatewayUrl(), "IDNET_TOKEN_URL", network.tokenEndpoint(),
        "IDNET_CLIENT_ID", "platform-a", "IDNET_CLIENT_SECRET", "platform-a-secret");
  }

  static String account(String prefix, int line) {
    return prefix + "-" + (line == 3000 ? 1000 : line);
  }

  /**
   * 3,300 lines: 2 blank, 3 the uploader keeps (not JSON, an array, no verifiedAt), 4 idnet refuses
   * (an account id with a space, a number that is not one, a verification 400 days old, an account
   * named a second time); 3,295 sent in 4 batches, 3,291 bound.
   */
  static Path file(String prefix, char digit) throws IOException {
    String recent = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS).toString();
    String old = Instant.now().minus(Duration.ofDays(400)).truncatedTo(ChronoUnit.SECONDS).toString();
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= LINES; i++) {
      String phone = "+84935" + digit + String.format("%05d", i);
      lines.add(switch (i) {
        case 10, 2500 -> "";
        case 5 -> "this is not json";
        case 7 -> "[1,2,3]";
        case 11 -> "{\"accountId\":\"" + account(prefix, i) + "\",\"phoneNumber\":\"" + phone + "\"}";
        case 20 -> ImportFileTest.line("not an id", phone, recent);
        case 1500 -> ImportFileTest.line(account(prefix, i), "12345", recent);
        case 2100 -> ImportFileTest.line(account(prefix, i), phone, old);
        default -> ImportFileTest.line(account(prefix, i), phone, recent);
      });
    }
    return Files.write(dir.resolve(prefix + ".ndjson"), lines, StandardCharsets.UTF_8);
  }

  static final String REFUSALS = """
      line,reason,by
      5,not-a-json-object,uploader
      7,not-a-json-object,uploader
      11,verified-at-missing,uploader
      20,invalid-account-id,idnet
      1500,invalid-phone-number,idnet
      2100,invalid-verified-at,idnet
      3000,already-bound,idnet
      """;

  record Run(int code, String out, String err) {

    /** The summary without its first line (the import's id). */
    List<String> counts() {
      List<String> lines = List.of(out.split("\n"));
      return lines.subList(1, lines.size());
    }
  }

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = ImportCli.run(args, env(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), false);
    Run run = new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    System.out.println("idnet-import " + String.join(" ", args) + "\n" + run.out + run.err);
    return run;
  }

  static List<String> expectedCounts() {
    return List.of(
        "lines in the file                   3,300 (2 blank)",
        "not sent (uploader)                     3",
        "  not-a-json-object                     2",
        "  verified-at-missing                   1",
        "sent                                3,295",
        "bound                               3,291",
        "refused (idnet)                         4",
        "  already-bound                         1",
        "  invalid-account-id                    1",
        "  invalid-phone-number                  1",
        "  invalid-verified-at                   1");
  }

  @Test
  void aFileIsUploadedProcessedAndSummarizedWithItsRefusals() throws Exception {
    Path file = file("cli-a", '1');
    Path refusals = dir.resolve("a-refusals.csv");

    Run run = run("--poll-millis", "200", "--report-seconds", "1", "--refusals", refusals.toString(), file.toString());

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out()).startsWith("import imp_").contains(": DONE\n");
    assertThat(run.counts()).containsExactlyElementsOf(expectedCounts());
    assertThat(Files.readString(refusals)).isEqualTo(REFUSALS);
    // Progress went to standard error, as plain lines (not a terminal), with no account or number in it.
    assertThat(run.err()).contains("upload     [").contains("batch 4 of 4, 3,295 of 3,295 lines sent")
        .contains("processing [########################] 100%, 3,295 of 3,295 done (3,291 bound, 4 refused)")
        .doesNotContain("\r").doesNotContain("cli-a-").doesNotContain("+84935");

    AccountVerification bound = idnet.checkAccount(account("cli-a", 1));
    assertThat(bound.level()).isEqualTo(VerificationLevel.PHONE);
    assertThat(bound.phoneSource()).contains(PhoneSource.IMPORTED);
    assertThat(idnet.checkAccount(account("cli-a", 2100)).level()).isEqualTo(VerificationLevel.NONE);
  }

  @Test
  void anUploadKilledMidwayAndResumedEndsAsAnUninterruptedOne() throws Exception {
    Path file = file("cli-b", '2');
    Path home = Path.of(System.getProperty("idnet.home", "..")).toAbsolutePath().normalize();
    ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/idnet-import").toString(), "--report-seconds", "0",
        file.toString());
    builder.environment().putAll(env());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process process = builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    Path log = LOGS.of("idnet-import");
    String importId = null;
    boolean killed = false;
    try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
        StandardCharsets.UTF_8))) {
      for (String line = err.readLine(); line != null; line = err.readLine()) {
        Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Matcher opened = OPENED.matcher(line);
        if (opened.find()) {
          importId = opened.group(1);
        }
        if (line.contains("batch 1 of 4")) {
          process.destroyForcibly();
          killed = true;
          break;
        }
      }
    }
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(killed).as("the uploader printed its first batch").isTrue();
    assertThat(process.exitValue()).isEqualTo(137);
    assertThat(importId).isNotNull();
    AccountImport stopped = idnet.getImport(importId);
    assertThat(stopped.status()).as("killed before it completed the import").isEqualTo(ImportStatus.OPEN);
    assertThat(stopped.batchesReceived()).isBetween(1, 3);

    Path refusals = dir.resolve("b-refusals.csv");
    Run resumed = run("--resume", importId, "--poll-millis", "200", "--refusals", refusals.toString(),
        file.toString());

    assertThat(resumed.code()).as(resumed.toString()).isZero();
    assertThat(resumed.err()).contains("import " + importId + " is OPEN with " + stopped.batchesReceived()
        + " of 4 batches received; sending from batch " + stopped.batchesReceived());
    assertThat(resumed.out()).startsWith("import " + importId + ": DONE\n");
    assertThat(resumed.counts()).containsExactlyElementsOf(expectedCounts());
    assertThat(Files.readString(refusals)).isEqualTo(REFUSALS);
    AccountImport done = idnet.getImport(importId);
    assertThat(done.batchesReceived()).isEqualTo(4);
    assertThat(done.linesReceived()).isEqualTo(3_295);

    // Line by line, the accounts read as the uninterrupted upload's: PHONE exactly where it bound.
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= LINES; i++) {
      ids.add(account("cli-b", i));
    }
    List<AccountVerification> accounts = idnet.lookupAccounts(ids);
    for (int i = 1; i <= LINES; i++) {
      boolean shouldBind = !List.of(5, 7, 10, 11, 20, 1500, 2100, 2500).contains(i);
      assertThat(accounts.get(i - 1).level()).as("line %d", i)
          .isEqualTo(shouldBind ? VerificationLevel.PHONE : VerificationLevel.NONE);
    }

    // Resuming a DONE import sends nothing and says the same; with another batch size it refuses.
    Run again = run("--resume", importId, "--poll-millis", "200", file.toString());
    assertThat(again.code()).as(again.toString()).isZero();
    assertThat(again.counts()).containsExactlyElementsOf(expectedCounts());
    Run otherSize = run("--resume", importId, "--batch-size", "500", file.toString());
    assertThat(otherSize.code()).isEqualTo(1);
    assertThat(otherSize.err()).contains("not the file it was started with, or another --batch-size");
  }

  @Test
  void linesAtTheLimitsTheUploaderSendsMakeBatchesIdnetTakesAndThoseBeyondAreKeptBack() throws Exception {
    // Lines 1-1000: exactly 1,024 bytes each as sent (a 256-character number of three-byte
    // characters): one batch of 1,025,027 bytes, under the gateway's 1 MiB. Lines 1001-1002: the
    // earliest and latest instants protobuf reads. idnet refuses all of them line by line, never the
    // batch. Lines 1003-1004, one year too far and one byte too long, are not sent.
    String recent = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS).toString();
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 1000; i++) {
      lines.add(ImportFileTest.line("cli-d-" + "a".repeat(179 - String.valueOf(i).length() - 6), "\u1EC7".repeat(256),
          recent));
    }
    lines.add(ImportFileTest.line("cli-d-1001", "+84935400001", "0001-01-01T00:00:00Z"));
    lines.add(ImportFileTest.line("cli-d-1002", "+84935400002", "9999-12-31T23:59:59.999999999Z"));
    lines.add(ImportFileTest.line("cli-d-1003", "+84935400003", "+10000-01-01T00:00:00Z"));
    lines.add(ImportFileTest.line("cli-d-" + "a".repeat(170), "\u1EC7".repeat(256), recent));
    Path file = Files.write(dir.resolve("limits.ndjson"), lines, StandardCharsets.UTF_8);
    Path refusals = dir.resolve("d-refusals.csv");

    Run run = run("--poll-millis", "200", "--refusals", refusals.toString(), file.toString());

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out()).contains(": DONE\n");
    assertThat(run.counts()).startsWith(
        "lines in the file                   1,004 (0 blank)",
        "not sent (uploader)                     2",
        "  line-too-long                         1",
        "  verified-at-unreadable                1",
        "sent                                1,002",
        "bound                                   0",
        "refused (idnet)                     1,002");
    assertThat(Files.readAllLines(refusals)).hasSize(1 + 1004)
        .contains("1001,invalid-verified-at,idnet", "1002,invalid-verified-at,idnet",
            "1003,verified-at-unreadable,uploader", "1004,line-too-long,uploader");
  }

  /**
   * bin/idnet-import never builds behind the user's back: a jar older than the sources is run as it
   * is, with one line on standard error saying so and how to rebuild. Run from a copy of the script
   * laid out as in the repository (the real jar, sources made newer or older than it) with an
   * {@code mvn} on the PATH that only leaves a mark.
   */
  @Test
  void theScriptRunsAJarOlderThanItsSourcesAsItIsAndSaysHowToRebuild() throws Exception {
    Path home = Path.of(System.getProperty("idnet.home", "..")).toAbsolutePath().normalize();
    Path copy = dir.resolve("script-home");
    Files.createDirectories(copy.resolve("bin"));
    Files.createDirectories(copy.resolve("import-cli/target"));
    Files.createDirectories(copy.resolve("import-cli/src/main/java"));
    Files.createDirectories(copy.resolve("client/src/main/java"));
    for (String script : List.of("bin/idnet-import", "bin/find-java")) {
      Files.copy(home.resolve(script), copy.resolve(script), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
    }
    Path jar = Files.copy(home.resolve("import-cli/target/idnet-import.jar"), copy.resolve("import-cli/target/idnet-import.jar"));
    Path source = Files.writeString(copy.resolve("client/src/main/java/Changed.java"), "class Changed {}\n");
    for (String pom : List.of("import-cli/pom.xml", "client/pom.xml")) {
      Files.writeString(copy.resolve(pom), "<project/>\n");
      Files.setLastModifiedTime(copy.resolve(pom), java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofDays(2))));
    }
    Path fakeBin = Files.createDirectories(dir.resolve("fake-bin"));
    Path mark = dir.resolve("mvn-ran");
    Path mvn = Files.writeString(fakeBin.resolve("mvn"), "#!/bin/sh\ntouch '" + mark + "'\nexit 1\n");
    mvn.toFile().setExecutable(true);

    Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofHours(1))));
    Files.setLastModifiedTime(source, java.nio.file.attribute.FileTime.from(Instant.now()));
    Run stale = script(copy, fakeBin, "--help");

    assertThat(stale.code()).as(stale.toString()).isZero();
    assertThat(stale.out()).contains("--resume=IMPORT_ID");
    assertThat(stale.err().lines().toList()).hasSize(1).first().asString()
        .contains("idnet-import.jar is older than the sources of import-cli/ or client/; running it as it is")
        .contains("IDNET_REBUILD=1").contains("mvn -B -ntp -q -DskipTests -pl import-cli -am package");
    assertThat(mark).doesNotExist();

    // Built after every source (folders included): run without a word.
    Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(60)));
    Run fresh = script(copy, fakeBin, "--help");

    assertThat(fresh.code()).as(fresh.toString()).isZero();
    assertThat(fresh.err()).isEmpty();
    assertThat(mark).doesNotExist();
  }

  static Run script(Path copy, Path fakeBin, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(copy.resolve("bin/idnet-import").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("PATH", fakeBin + ":" + System.getenv("PATH"));
    builder.environment().remove("IDNET_REBUILD");
    Path out = Files.createTempFile(dir, "script-out", ".txt");
    Path err = Files.createTempFile(dir, "script-err", ".txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void usageAndFailuresHaveTheirExitCodes() throws Exception {
    Path file = Files.writeString(dir.resolve("one.ndjson"),
        ImportFileTest.line("cli-c-1", "+84935300001", Instant.now().minus(Duration.ofDays(1)).toString()) + "\n");

    Map<String, String> noSecret = new java.util.HashMap<>(env());
    noSecret.remove("IDNET_CLIENT_SECRET");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = ImportCli.run(new String[] {file.toString()}, noSecret, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8), false);
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("IDNET_CLIENT_SECRET is not set");

    assertThat(run("--batch-size", "1001", file.toString()).code()).isEqualTo(2);
    assertThat(run(dir.resolve("missing.ndjson").toString()).code()).isEqualTo(2);
    assertThat(run("--no-such-option", file.toString()).code()).isEqualTo(2);
    Run help = run("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("IDNET_CLIENT_SECRET").contains("--resume=IMPORT_ID").contains("Exit codes");
    assertThat(run("--resume", "not-an-import", file.toString()).code()).isEqualTo(2);

    Run unknown = run("--resume", "imp_AAAAAAAAAAAAAAAAAAAAAA", file.toString());
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("404").contains("import-not-found");

    Map<String, String> wrongSecret = new java.util.HashMap<>(env());
    wrongSecret.put("IDNET_CLIENT_SECRET", "wrong");
    ByteArrayOutputStream refused = new ByteArrayOutputStream();
    code = ImportCli.run(new String[] {file.toString()}, wrongSecret, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(refused, true, StandardCharsets.UTF_8), false);
    assertThat(code).isEqualTo(1);
    assertThat(refused.toString(StandardCharsets.UTF_8)).contains("the token endpoint refused the client");
  }
}
