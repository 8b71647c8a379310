package org.idnet.importer;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.idnet.client.IdnetClient;
import org.idnet.client.errors.IdnetAuthenticationException;
import org.idnet.client.errors.IdnetException;
import org.idnet.client.errors.IdnetProblemException;
import org.idnet.client.imports.AccountImport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code idnet-import}: uploads an NDJSON file of phone bindings the platform verified itself as
 * one idnet import (README, "Upload with the command-line tool"). Callable in-process with its own
 * environment and outputs, which is how the tests drive it.
 *
 * <p>Exit codes: 0 the import is DONE (refused lines included: they are in the summary), 1 it
 * could not be done (idnet refused, unreachable, the file is not the one a resumed import was
 * started with), 2 usage (options, settings, an unreadable file).
 */
@Command(name = "idnet-import", sortOptions = false,
    description = {
        "Uploads an NDJSON file (one {\"accountId\",\"phoneNumber\",\"verifiedAt\"} object a line) as one idnet"
            + " import of phone bindings the platform verified itself, in numbered batches, then shows idnet's"
            + " progress until the import is DONE and prints a summary on standard output.",
        "",
        "Settings from the environment (the secret only there, never on the command line):",
        "  IDNET_GATEWAY_URL     the gateway, e.g. http://localhost:8080 (or --gateway)",
        "  IDNET_TOKEN_URL       the issuer's token endpoint (or --token-url)",
        "  IDNET_CLIENT_ID       the platform's client id (or --client-id)",
        "  IDNET_CLIENT_SECRET   its secret",
        ""},
    footer = {"", "Exit codes: 0 done, 1 failed (say --resume <import id> to continue), 2 usage."})
public final class ImportCli implements Callable<Integer> {

  static final int DONE = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  @Parameters(index = "0", paramLabel = "FILE", description = "The NDJSON file; its line numbers are the import's.")
  Path file;

  @Option(names = "--resume", paramLabel = "IMPORT_ID",
      description = "Continue this import (same file, same batch size): batches it lacks are sent, then it is watched.")
  String resume;

  @Option(names = "--refusals", paramLabel = "OUT",
      description = "Write every line not bound as 'line,reason,by' (by: idnet or uploader) to this file.")
  Path refusals;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1000",
      description = "Lines per batch, 1-1000 (default ${DEFAULT-VALUE}); a resumed import needs the size it was started with.")
  int batchSize;

  @Option(names = "--gateway", paramLabel = "URL", description = "The gateway (default: IDNET_GATEWAY_URL).")
  String gateway;

  @Option(names = "--token-url", paramLabel = "URL", description = "The token endpoint (default: IDNET_TOKEN_URL).")
  String tokenUrl;

  @Option(names = "--client-id", paramLabel = "ID", description = "The platform's client id (default: IDNET_CLIENT_ID).")
  String clientId;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--poll-millis", hidden = true, defaultValue = "1000")
  long pollMillis;

  @Option(names = "--report-seconds", hidden = true, defaultValue = "10",
      description = "Seconds between plain progress lines when standard error is not a terminal.")
  long reportSeconds;

  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;
  private final boolean terminal;

  ImportCli(Map<String, String> env, PrintStream out, PrintStream err, boolean terminal) {
    this.env = env;
    this.out = out;
    this.err = err;
    this.terminal = terminal;
  }

  /** Runs one command line; answers the exit code. */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, boolean terminal) {
    CommandLine line = new CommandLine(new ImportCli(env, out, err, terminal));
    line.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    line.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    line.setUsageHelpWidth(110);
    line.setParameterExceptionHandler((e, arguments) -> {
      err.println("idnet-import: " + e.getMessage());
      err.println("see 'idnet-import --help'");
      return USAGE;
    });
    line.setExecutionExceptionHandler((e, command, parsed) -> {
      err.println("idnet-import: " + message(e));
      return e instanceof Usage ? USAGE : FAILED;
    });
    return line.execute(args);
  }

  @Override
  public Integer call() throws IOException {
    if (batchSize < 1 || batchSize > IdnetClient.IMPORT_BATCH) {
      throw new Usage("--batch-size is 1-" + IdnetClient.IMPORT_BATCH);
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new Usage("cannot read " + file);
    }
    if (resume != null && !resume.matches("imp_[A-Za-z0-9_-]{22}")) {
      throw new Usage("--resume takes an import id, imp_ and 22 characters");
    }
    IdnetClient idnet = client();
    Display display = new Display(err, terminal, Duration.ofSeconds(reportSeconds), Clock.systemUTC());
    Patience patience = new Patience(8, duration -> Thread.sleep(duration.toMillis()), display::say);

    ImportFile importFile = new ImportFile(file, batchSize);
    ImportFile.Scan scan;
    try {
      scan = importFile.scan();
    } catch (IllegalArgumentException e) {
      throw new Usage(e.getMessage());
    }
    try (scan) {
      return upload(idnet, display, patience, importFile, scan);
    }
  }

  private int upload(IdnetClient idnet, Display display, Patience patience, ImportFile importFile,
      ImportFile.Scan scan) throws IOException {
    display.say(file + ": " + Progress.count(scan.lines()) + " lines, " + Progress.count(scan.sendable())
        + " to send in " + Progress.count(scan.batches()) + " batches, " + Progress.count(scan.notSent())
        + " not sent (not a JSON object with accountId, phoneNumber and verifiedAt; in the summary)");

    Uploader uploader = new Uploader(idnet, patience, display, Clock.systemUTC(), Duration.ofMillis(pollMillis));
    String importId = resume != null ? resume : uploader.open(file.toString());
    AccountImport state = uploader.upload(importId, importFile, scan, resume != null);
    Report.summary(out, state, scan);
    if (refusals != null) {
      long written = Report.refusals(refusals, idnet, patience, importId, scan);
      display.say(Progress.count(written) + " lines not bound written to " + refusals);
    }
    return DONE;
  }

  private IdnetClient client() {
    String url = setting(gateway, "IDNET_GATEWAY_URL", "--gateway");
    String token = setting(tokenUrl, "IDNET_TOKEN_URL", "--token-url");
    String id = setting(clientId, "IDNET_CLIENT_ID", "--client-id");
    String secret = env.get("IDNET_CLIENT_SECRET");
    if (secret == null || secret.isEmpty()) {
      throw new Usage("IDNET_CLIENT_SECRET is not set (the client secret is read from the environment only)");
    }
    try {
      // More patience than the client's default: a batch is safe to repeat, and a long upload should
      // ride out a rate limit or a restart (Patience adds more on top).
      return IdnetClient.builder().baseUrl(url).tokenUrl(token).clientId(id).clientSecret(secret)
          .maxRetries(5).maxRetryWait(Duration.ofSeconds(60)).build();
    } catch (IllegalArgumentException e) {
      throw new Usage(e.getMessage());
    }
  }

  private String setting(String option, String variable, String name) {
    String value = option != null ? option : env.get(variable);
    if (value == null || value.isEmpty()) {
      throw new Usage(variable + " is not set (or give " + name + ")");
    }
    return value;
  }

  private static String message(Exception e) {
    if (e instanceof IdnetAuthenticationException auth) {
      return "the token endpoint refused the client (" + auth.getMessage() + "): check IDNET_CLIENT_ID and"
          + " IDNET_CLIENT_SECRET";
    }
    if (e instanceof IdnetProblemException problem && problem.isNotFound()) {
      return "idnet: " + problem.getMessage() + " (an import is found only with the client that opened it)";
    }
    if (e instanceof IdnetException || e instanceof UploadException || e instanceof Usage) {
      return e.getMessage();
    }
    if (e instanceof UncheckedIOException io) {
      return io.getMessage();
    }
    return "failed: " + e;
  }

  /** A bad invocation: exit code 2. */
  static final class Usage extends RuntimeException {

    private static final long serialVersionUID = 1L;

    Usage(String message) {
      super(message);
    }
  }
}
