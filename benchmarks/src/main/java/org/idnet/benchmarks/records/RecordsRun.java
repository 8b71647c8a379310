package org.idnet.benchmarks.records;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.idnet.benchmarks.Progress;
import org.idnet.benchmarks.network.SeededNetwork;
import org.idnet.benchmarks.network.Seeder;
import org.idnet.benchmarks.report.Machine;
import org.idnet.caller.Caller;
import org.idnet.caller.CallerMetadata;
import org.idnet.identity.store.VaultKeysets;
import org.idnet.identity.v1.AccountVerificationServiceGrpc;
import org.idnet.identity.v1.CheckAccountRequest;
import org.idnet.identity.v1.LookupAccountsRequest;
import org.idnet.identity.v1.LookupAccountsResponse;
import org.idnet.identity.v1.VerificationLevel;
import org.idnet.stores.LocalPostgres;
import org.idnet.tls.MutualTls;

/**
 * {@code bin/benchmark records [N]}: P5. Starts the network on a data folder that is kept
 * ({@link RecordsSettings}), loads N phone-bound real-name accounts with {@link RecordLoader}
 * (resuming where an earlier run stopped), vacuums and analyzes the tables as autovacuum would
 * after a load, measures table and index sizes, then twice makes the data cold ({@link ColdCache})
 * and measures, one call at a time over gRPC as the gateway calls identity-service, CheckAccount
 * and then LookupAccounts over random records never asked before (so no cache of any layer can
 * answer them). Every answer must read REAL_NAME; any other counts as an error.
 */
public final class RecordsRun {

  public static final String PLATFORM = Seeder.PLATFORM;
  public static final String ACCOUNT_PREFIX = "rn-";
  static final int POOL_PROBES = 16;
  static final List<String> TABLES = List.of("accounts", "persons", "pairwise_subjects", "person_bindings", "phone_bindings");

  private RecordsRun() {
  }

  public static int run(RecordsSettings settings) throws Exception {
    Machine machine = Machine.current();
    Progress.say("machine: " + machine.cores() + " cores, " + machine.cpuModel() + ", " + machine.memory() + " RAM; load "
        + machine.load());
    Files.createDirectories(settings.data());
    Path results = settings.home().resolve("benchmarks/target/results")
        .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-records");
    Files.createDirectories(results);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("machine", machine);
    summary.put("records", settings.total());
    summary.put("seed", settings.seed());
    summary.put("batchSize", settings.batchSize());
    summary.put("data", settings.data().toString());
    SeededNetwork seeded = SeededNetwork.start(settings.home(), settings.data(), Map.of(), 0);
    // Ctrl-C: the network stops at once (PostgreSQL's fast shutdown keeps every committed batch and
    // rolls back the ones in flight), once, whether the hook or this thread gets there first.
    AtomicBoolean closed = new AtomicBoolean();
    AtomicBoolean interrupted = new AtomicBoolean();
    Runnable close = () -> {
      if (closed.compareAndSet(false, true)) {
        seeded.close();
      }
    };
    Thread cleanup = new Thread(() -> {
      interrupted.set(true);
      close.run();
    }, "records-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      measure(settings, seeded, summary);
    } catch (Exception e) {
      if (interrupted.get()) {
        System.err.println("stopped: the committed batches stay in " + settings.data()
            + "; run the same command again to load the rest");
        return 130;
      }
      throw e;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or has run
      }
      close.run();
    }
    String markdown = markdown(settings, summary);
    Files.writeString(results.resolve("summary.md"), markdown);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(results.resolve("records.json").toFile(), summary);
    System.out.println();
    System.out.println(markdown);
    System.out.println("Raw results: " + results + "\nThe loaded data stays in " + settings.data()
        + " (a later run measures or extends it; delete the folder to start over).");
    return 0;
  }

  private static void measure(RecordsSettings settings, SeededNetwork seeded, Map<String, Object> summary)
      throws Exception {
    LocalPostgres postgres = seeded.network().postgres();
    RecordLoader.Target target = new RecordLoader.Target(postgres.jdbcUrl("identity"), postgres.user(), postgres.password());
    RecordSet set = new RecordSet(settings.seed(), PLATFORM, ACCOUNT_PREFIX);
    // The keysets the running identity-service loaded (--idnet.identity.keys.directory).
    RecordLoader loader = new RecordLoader(target, VaultKeysets.plain(settings.data().resolve("keys"), false));
    Progress.say(String.format("loading %,d records (%,d already there) in batches of %,d over %d connections",
        settings.total(), loader.loaded(set), settings.batchSize(), settings.writers()));
    RecordLoader.Outcome load = loader.load(new RecordLoader.Plan(set, settings.total(), settings.batchSize(),
            settings.writers()),
        report -> Progress.say(report.toString()), () -> false);
    Progress.say(String.format("loaded %,d records in %.1f s: %,.0f records/s (writers together: %.1f s making rows,"
        + " %.1f s in COPY and commit)", load.loaded(), load.elapsed().toNanos() / 1e9, load.recordsPerSecond(),
        load.makingRows().toNanos() / 1e9, load.writing().toNanos() / 1e9));
    Map<String, Object> loadFigures = new LinkedHashMap<>();
    loadFigures.put("alreadyLoaded", load.before());
    loadFigures.put("loadedNow", load.loaded());
    loadFigures.put("seconds", load.elapsed().toMillis() / 1000.0);
    loadFigures.put("recordsPerSecond", load.recordsPerSecond());
    loadFigures.put("writers", settings.writers());
    loadFigures.put("makingRowsSeconds", load.makingRows().toMillis() / 1000.0);
    loadFigures.put("copyAndCommitSeconds", load.writing().toMillis() / 1000.0);
    summary.put("load", loadFigures);

    try (Connection c = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password())) {
      long begin = System.nanoTime();
      try (Statement s = c.createStatement()) {
        s.execute("VACUUM (ANALYZE) " + String.join(", ", TABLES));
      }
      double vacuum = (System.nanoTime() - begin) / 1e9;
      Progress.say(String.format("VACUUM (ANALYZE) of the five tables: %.1f s", vacuum));
      summary.put("vacuumAnalyzeSeconds", vacuum);
      summary.put("rows", rows(c, settings.total()));
      summary.put("sizes", sizes(c, settings.total()));
    }

    Caller platform = new Caller("service-account-" + PLATFORM, PLATFORM, "", Set.of("platform"));
    try (MutualTls asGateway = seeded.tls("gateway")) {
      ManagedChannel channel = asGateway.channel("127.0.0.1:" + seeded.network().settings().identityGrpcPort(),
          "identity-service").build();
      try {
        var stub = AccountVerificationServiceGrpc.newBlockingStub(channel)
            .withInterceptors(CallerMetadata.attaching(platform));
        Sampler ids = new Sampler(settings.total(), settings.seed());
        Progress.say(RecordsSettings.WARM_CALLS + " CheckAccount calls on other records (the JIT of the services, not the data)");
        for (int i = 0; i < RecordsSettings.WARM_CALLS; i++) {
          stub.withDeadlineAfter(30, TimeUnit.SECONDS)
              .checkAccount(CheckAccountRequest.newBuilder().setAccountId(set.accountId(ids.next())).build());
        }
        ColdCache.Reset reset = reset(postgres, seeded, stub);
        Histogram checks = new Histogram(60_000_000L, 3);
        int checkErrors = 0;
        for (int i = 0; i < settings.checks(); i++) {
          String account = set.accountId(ids.next());
          long start = System.nanoTime();
          try {
            var answer = stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                .checkAccount(CheckAccountRequest.newBuilder().setAccountId(account).build());
            checks.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
            if (answer.getVerification().getLevel() != VerificationLevel.REAL_NAME) {
              checkErrors++;
            }
          } catch (StatusRuntimeException e) {
            checkErrors++;
          }
        }
        summary.put("checkAccount", latency(checks, checkErrors, reset, 1));
        Progress.say("cold CheckAccount: " + line(checks, checkErrors));

        reset = reset(postgres, seeded, stub);
        Histogram lookups = new Histogram(600_000_000L, 3);
        int lookupErrors = 0;
        for (int i = 0; i < settings.lookups(); i++) {
          LookupAccountsRequest.Builder request = LookupAccountsRequest.newBuilder();
          for (int k = 0; k < settings.lookupSize(); k++) {
            request.addAccountIds(set.accountId(ids.next()));
          }
          long start = System.nanoTime();
          try {
            LookupAccountsResponse answer = stub.withDeadlineAfter(60, TimeUnit.SECONDS).lookupAccounts(request.build());
            lookups.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
            lookupErrors += (int) answer.getResultsList().stream().filter(r -> r.getLevel() != VerificationLevel.REAL_NAME)
                .count() + settings.lookupSize() - answer.getResultsCount();
          } catch (StatusRuntimeException e) {
            lookupErrors += settings.lookupSize();
          }
        }
        summary.put("lookupAccounts", latency(lookups, lookupErrors, reset, settings.lookupSize()));
        Progress.say("cold LookupAccounts (" + settings.lookupSize() + " ids): " + line(lookups, lookupErrors));
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * Cold data, then CheckAccount of accounts never loaded: one until identity-service reaches
   * PostgreSQL again, then {@link #POOL_PROBES} at once.
   */
  private static ColdCache.Reset reset(LocalPostgres postgres, SeededNetwork seeded,
      AccountVerificationServiceGrpc.AccountVerificationServiceBlockingStub stub) throws InterruptedException {
    ColdCache.Reset reset = ColdCache.reset(postgres, seeded.network().redis().uri());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    for (int attempt = 0; ; attempt++) {
      try {
        stub.withDeadlineAfter(10, TimeUnit.SECONDS)
            .checkAccount(CheckAccountRequest.newBuilder().setAccountId("records-probe-" + attempt).build());
        break;
      } catch (StatusRuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("identity-service did not reach PostgreSQL again after its restart: " + e.getStatus());
        }
        Thread.sleep(200);
      }
    }
    // Then as many at once as the service's pool holds connections (Hikari's default 10): each new
    // PostgreSQL session loads its catalog caches on its first query, which is the cost of a fresh
    // connection, not of cold data; these probes pay it (reading only index pages on the way to ids
    // that do not exist).
    try (var probes = java.util.concurrent.Executors.newFixedThreadPool(POOL_PROBES)) {
      for (int p = 0; p < POOL_PROBES; p++) {
        String account = "records-pool-probe-" + p;
        probes.submit(() -> stub.withDeadlineAfter(10, TimeUnit.SECONDS)
            .checkAccount(CheckAccountRequest.newBuilder().setAccountId(account).build()));
      }
    }
    Progress.say(reset.coldness() + "; " + reset.answersDeleted() + " cached answers deleted");
    return reset;
  }

  /** Rows per table: each must hold exactly one row per record (the load wrote every record once). */
  private static Map<String, Object> rows(Connection c, long records) throws SQLException {
    Map<String, Object> rows = new LinkedHashMap<>();
    try (Statement s = c.createStatement()) {
      for (String table : TABLES) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
          rs.next();
          rows.put(table, rs.getLong(1));
        }
      }
    }
    boolean exact = rows.values().stream().allMatch(n -> (long) n == records);
    Progress.say((exact ? "every table holds exactly one row per record: " : "WARNING: rows differ from the "
        + String.format("%,d", records) + " records: ") + rows);
    if (!exact) {
      throw new IllegalStateException("the tables do not hold one row per record: " + rows
          + " (a data folder used for something else? delete it and load again)");
    }
    return rows;
  }

  private static Map<String, Object> sizes(Connection c, long records) throws SQLException {
    Map<String, Object> sizes = new LinkedHashMap<>();
    long tableTotal = 0;
    long indexTotal = 0;
    try (PreparedStatement s = c.prepareStatement(
        "SELECT pg_table_size(?::regclass), pg_indexes_size(?::regclass), pg_total_relation_size(?::regclass)")) {
      for (String table : TABLES) {
        s.setString(1, table);
        s.setString(2, table);
        s.setString(3, table);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          Map<String, Object> one = new LinkedHashMap<>();
          one.put("tableBytes", rs.getLong(1));
          one.put("indexBytes", rs.getLong(2));
          one.put("tableMiBPerMillion", perMillion(rs.getLong(1), records));
          one.put("indexMiBPerMillion", perMillion(rs.getLong(2), records));
          tableTotal += rs.getLong(1);
          indexTotal += rs.getLong(2);
          sizes.put(table, one);
        }
      }
    }
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("tableBytes", tableTotal);
    all.put("indexBytes", indexTotal);
    all.put("tableMiBPerMillion", perMillion(tableTotal, records));
    all.put("indexMiBPerMillion", perMillion(indexTotal, records));
    sizes.put("all", all);
    Progress.say(String.format("sizes per million records: tables %.0f MiB, indexes %.0f MiB",
        perMillion(tableTotal, records), perMillion(indexTotal, records)));
    return sizes;
  }

  static double perMillion(long bytes, long records) {
    return records == 0 ? 0 : bytes / 1048576.0 * 1_000_000 / records;
  }

  private static Map<String, Object> latency(Histogram h, int errors, ColdCache.Reset reset, int idsPerCall) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("calls", h.getTotalCount());
    m.put("idsPerCall", idsPerCall);
    m.put("errors", errors);
    m.put("p50Ms", h.getValueAtPercentile(50) / 1000.0);
    m.put("p90Ms", h.getValueAtPercentile(90) / 1000.0);
    m.put("p99Ms", h.getValueAtPercentile(99) / 1000.0);
    m.put("maxMs", h.getMaxValue() / 1000.0);
    m.put("meanMs", h.getMean() / 1000.0);
    m.put("coldness", reset.coldness());
    m.put("osPageCacheKb", reset.cachedBeforeKb() + " -> " + reset.cachedAfterKb());
    m.put("answersDeleted", reset.answersDeleted());
    return m;
  }

  private static String line(Histogram h, int errors) {
    return String.format("%d calls, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms, errors %d", h.getTotalCount(),
        h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
        h.getMaxValue() / 1000.0, errors);
  }

  @SuppressWarnings("unchecked")
  private static String markdown(RecordsSettings settings, Map<String, Object> summary) {
    Machine machine = (Machine) summary.get("machine");
    StringBuilder out = new StringBuilder("# idnet P5: records\n\n");
    out.append("- machine: ").append(machine.cores()).append(" cores, ").append(machine.cpuModel()).append(", ")
        .append(machine.memory()).append(" RAM; load before the run: ").append(machine.load()).append('\n');
    out.append(String.format("- %,d phone-bound real-name accounts of %s (seed %d), batches of %,d over %d connections;"
        + " data in %s%n", settings.total(), PLATFORM, settings.seed(), settings.batchSize(), settings.writers(),
        settings.data()));
    Map<String, Object> load = (Map<String, Object>) summary.get("load");
    if (load != null) {
      out.append(String.format("- load: %,d records in %.1f s, **%,.0f records/s** (%,d were already loaded)%n",
          (long) load.get("loadedNow"), (double) load.get("seconds"), (double) load.get("recordsPerSecond"),
          (long) load.get("alreadyLoaded")));
    }
    if (summary.containsKey("vacuumAnalyzeSeconds")) {
      out.append(String.format("- VACUUM (ANALYZE) after the load: %.1f s%n", (double) summary.get("vacuumAnalyzeSeconds")));
    }
    if (summary.containsKey("rows")) {
      out.append("- rows per table (one per record, checked): ").append(summary.get("rows")).append('\n');
    }
    Map<String, Object> sizes = (Map<String, Object>) summary.get("sizes");
    if (sizes != null) {
      out.append("\n## Sizes per million records (MiB)\n\n| table | table | indexes |\n|---|---:|---:|\n");
      for (Map.Entry<String, Object> e : sizes.entrySet()) {
        Map<String, Object> one = (Map<String, Object>) e.getValue();
        out.append(String.format("| %s | %.1f | %.1f |%n", e.getKey(), (double) one.get("tableMiBPerMillion"),
            (double) one.get("indexMiBPerMillion")));
      }
    }
    out.append("\n## Cold look-ups (one call at a time, gRPC to identity-service as the gateway, distinct random records)\n\n");
    out.append("| call | ids/call | calls | p50 ms | p90 ms | p99 ms | max ms | errors | cold |\n|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (String name : List.of("checkAccount", "lookupAccounts")) {
      Map<String, Object> m = (Map<String, Object>) summary.get(name);
      if (m != null) {
        out.append(String.format("| %s | %d | %d | %.2f | %.2f | %.2f | %.2f | %d | %s |%n", name.equals("checkAccount")
            ? "CheckAccount" : "LookupAccounts", (int) m.get("idsPerCall"), (long) m.get("calls"), (double) m.get("p50Ms"),
            (double) m.get("p90Ms"), (double) m.get("p99Ms"), (double) m.get("maxMs"), (int) m.get("errors"),
            m.get("coldness")));
      }
    }
    return out.toString();
  }

  /** Distinct random record indexes: none is drawn twice in a run, so no cache has seen it. */
  static final class Sampler {

    private final long total;
    private final SplittableRandom random;
    private final Set<Long> drawn = new HashSet<>();

    Sampler(long total, long seed) {
      this.total = total;
      this.random = new SplittableRandom(seed ^ System.nanoTime());
    }

    long next() {
      if (drawn.size() >= total) {
        throw new IllegalStateException("every record has been drawn");
      }
      while (true) {
        long i = random.nextLong(total);
        if (drawn.add(i)) {
          return i;
        }
      }
    }
  }
}
