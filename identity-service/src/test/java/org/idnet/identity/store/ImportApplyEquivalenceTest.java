package org.idnet.identity.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.identity.store.ImportFixture.RULES;
import static org.idnet.identity.store.ImportFixture.batch;
import static org.idnet.identity.store.ImportFixture.line;
import static org.idnet.identity.store.StoreFixture.NOW;
import static org.idnet.identity.store.StoreFixture.request;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.idnet.identity.domain.ImportId;
import org.idnet.identity.domain.ImportLine;
import org.idnet.identity.domain.NumberEvent;
import org.idnet.identity.domain.NumberEventType;
import org.idnet.identity.domain.ProcessedBatch;
import org.idnet.phone.PhoneNumber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A seeded differential test of the set-based processing of import batches: randomized batches over
 * a few accounts and numbers (accounts named by several lines, numbers a carrier reported after or
 * before the platform's proof, accounts holding an OTP binding, accounts whose binding a carrier
 * ended, invalid lines, a second import, a batch applied again after more carrier reports) are
 * processed by {@link JdbcImportQueue}, and every line's outcome, every binding and every event are
 * compared with a reference model written here that applies the lines one at a time, in the order
 * and with the rules of docs/imports.md ("Processing", step 4).
 */
class ImportApplyEquivalenceTest {

  static final int ACCOUNTS = 6;
  static final int NUMBERS = 8;
  /** The numbers carriers report on at random; the last two stay clean before the first processing. */
  static final int REPORTED_NUMBERS = 6;
  static final Instant BASE = NOW.truncatedTo(ChronoUnit.MICROS);
  static final Instant FIRST_RUN = BASE.plusSeconds(60);
  static final Instant SECOND_RUN = BASE.plus(Duration.ofHours(1));
  /** The platform's proofs: some before, one equal to, some after the carriers' past reports. */
  static final List<Instant> VERIFIED = List.of(BASE.minus(Duration.ofDays(1)), BASE.minus(Duration.ofDays(5)),
      BASE.minus(Duration.ofDays(10)), BASE.minus(Duration.ofDays(15)), BASE.minus(Duration.ofDays(20)),
      BASE.minus(Duration.ofDays(40)));
  static final List<Instant> REPORTED = List.of(BASE.minus(Duration.ofDays(3)), BASE.minus(Duration.ofDays(15)),
      BASE.minus(Duration.ofDays(30)));

  static ImportFixture f;

  @BeforeAll
  static void start() {
    f = new ImportFixture("identity_import_equivalence");
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1L, 42L, 20_260_105L, 7_777_777L, -314_159L})
  void processWhenBatchesMixEveryCaseThenEachLineEndsAsAppliedAloneInOrder(long seed) {
    Random random = new Random(seed);
    String platform = "platform-eq-" + seed;
    List<String> accounts = new ArrayList<>();
    for (int i = 0; i < ACCOUNTS; i++) {
      accounts.add("acct-" + seed + "-" + i);
    }
    // Numbers of this seed only: carrier reports are per number, across platforms.
    List<String> numbers = new ArrayList<>();
    long series = Math.floorMod(seed, 899L) + 100; // distinct for the seeds below
    for (int i = 0; i < NUMBERS; i++) {
      numbers.add("+8498" + series + String.format("%04d", i));
    }
    Model model = new Model(f.db, platform);
    String message = "seed " + seed;

    // Before any import: OTP bindings (account 1 keeps one, account 2's number dies), more at random,
    // and carrier reports in the past (number 0 reassigned 15 days ago, always).
    otpBind(model, accounts.get(1), numbers.get(random.nextInt(REPORTED_NUMBERS)), "otp-" + seed + "-1", BASE);
    String dying = numbers.get(random.nextInt(REPORTED_NUMBERS));
    otpBind(model, accounts.get(2), dying, "otp-" + seed + "-2", BASE);
    for (int i = 3; i < ACCOUNTS; i++) {
      if (random.nextInt(3) == 0) {
        otpBind(model, accounts.get(i), numbers.get(random.nextInt(REPORTED_NUMBERS)), "otp-" + seed + "-" + i, BASE);
      }
    }
    report(model, numbers.get(0), NumberEventType.REASSIGNED, REPORTED.get(1), BASE.plusSeconds(1));
    for (int i = 0; i < 3; i++) {
      NumberEventType type = NumberEventType.values()[random.nextInt(NumberEventType.values().length)];
      report(model, numbers.get(random.nextInt(REPORTED_NUMBERS)), type, REPORTED.get(random.nextInt(REPORTED.size())),
          BASE.plusSeconds(2 + i));
    }
    // After the OTP binding: ends it (and any other binding of that number, and every proof older).
    report(model, dying, NumberEventType.DISCONNECTED, BASE.plusSeconds(10), BASE.plusSeconds(11));

    // Import A, three batches; batch 1 starts with a line refused number-reassigned-since (proof
    // older than number 0's report) followed by a line of the same account that should bind, then
    // a line of the other account without an active binding, whose number a carrier reports later.
    ImportId a = f.open(platform);
    boolean zeroFirst = random.nextBoolean();
    String fresh = accounts.get(zeroFirst ? 0 : 2);
    String other = accounts.get(zeroFirst ? 2 : 0);
    List<List<Gen>> batchesA = new ArrayList<>();
    int next = 1;
    for (int b = 0; b < 3; b++) {
      List<Gen> lines = new ArrayList<>();
      if (b == 0) {
        lines.add(Gen.valid(next++, fresh, numbers.get(0), VERIFIED.get(4)));
        lines.add(Gen.valid(next++, fresh, numbers.get(NUMBERS - 1), VERIFIED.get(1)));
        lines.add(Gen.valid(next++, other, numbers.get(NUMBERS - 2), VERIFIED.get(2)));
      }
      next = randomLines(random, lines, next, 5 + random.nextInt(8), accounts, numbers, FIRST_RUN);
      batchesA.add(lines);
    }
    for (int b = 0; b < batchesA.size(); b++) {
      f.imports.addBatch(batch(platform, a, b + 1, imported(batchesA.get(b))), BASE.plusSeconds(20 + b));
    }
    byte[] firstUpload = upload(a, 1);
    byte[] secondUpload = upload(a, 2);
    List<ProcessedBatch> processed = drain(FIRST_RUN);
    List<Counts> expectedCounts = new ArrayList<>();
    for (List<Gen> lines : batchesA) {
      expectedCounts.add(model.process(a, lines, FIRST_RUN));
    }
    assertThat(processed).as(message).hasSize(3);
    for (int b = 0; b < 3; b++) {
      assertThat(new Counts(processed.get(b).linesBound(), processed.get(b).linesRefused()))
          .as(message + ", import A batch " + (b + 1)).isEqualTo(expectedCounts.get(b));
    }
    assertThat(outcomes(a)).as(message + ", import A").isEqualTo(model.outcomes(a));
    assertThat(outcomes(a)).as(message + ": the scripted pair in batch 1")
        .startsWith("1 refused number-reassigned-since", "2 bound null", "3 bound null");
    assertState(model, accounts, message + ", after import A");

    // More carrier reports, after some proofs and after the OTP bindings: they end bindings (line
    // 3's surely, never one of the last number: line 2 stays bound); then batches 1 and 2 of import
    // A are applied again (as if their outcomes had been lost), and import B arrives.
    report(model, numbers.get(NUMBERS - 2), NumberEventType.REASSIGNED, BASE.plusSeconds(29), FIRST_RUN.plusSeconds(59));
    for (int i = 0; i < 2; i++) {
      report(model, numbers.get(random.nextInt(NUMBERS - 1)),
          random.nextBoolean() ? NumberEventType.DISCONNECTED : NumberEventType.REASSIGNED,
          random.nextBoolean() ? BASE.plusSeconds(30 + i) : VERIFIED.get(random.nextInt(3)).plusSeconds(1),
          FIRST_RUN.plusSeconds(60 + i));
    }
    putBack(a, 1, firstUpload);
    putBack(a, 2, secondUpload);
    model.forget(a, batchesA.get(0));
    model.forget(a, batchesA.get(1));
    List<ProcessedBatch> again = drain(SECOND_RUN);
    assertThat(again).as(message).hasSize(2);
    for (int n = 0; n < 2; n++) {
      Counts replayed = model.process(a, batchesA.get(n), SECOND_RUN);
      assertThat(new Counts(again.get(n).linesBound(), again.get(n).linesRefused()))
          .as(message + ", import A batch " + (n + 1) + " again").isEqualTo(replayed);
    }
    assertThat(outcomes(a)).as(message + ", import A after batches 1 and 2 again").isEqualTo(model.outcomes(a));
    // Line 2 was bound by this very line before: bound, nothing twice. Line 3 too, but its number
    // was reported reassigned after its proof since: that rule comes first.
    assertThat(outcomes(a)).as(message + ": the scripted lines again")
        .startsWith("1 refused number-reassigned-since", "2 bound null", "3 refused number-reassigned-since");
    assertState(model, accounts, message + ", after import A again");

    ImportId b = f.open(platform);
    List<Gen> linesB = new ArrayList<>();
    randomLines(random, linesB, 1, 6 + random.nextInt(8), accounts, numbers, SECOND_RUN);
    f.imports.addBatch(batch(platform, b, 1, imported(linesB)), SECOND_RUN);
    List<ProcessedBatch> last = drain(SECOND_RUN.plusSeconds(1));
    Counts countsB = model.process(b, linesB, SECOND_RUN.plusSeconds(1));
    assertThat(last).as(message).hasSize(1);
    assertThat(new Counts(last.getFirst().linesBound(), last.getFirst().linesRefused()))
        .as(message + ", import B").isEqualTo(countsB);
    assertThat(outcomes(b)).as(message + ", import B").isEqualTo(model.outcomes(b));
    assertState(model, accounts, message + ", at the end");
    // The mix reached every outcome (over all seeds the generator makes each case several times).
    assertThat(String.join("\n", model.allOutcomes())).as(message)
        .contains("bound null", "refused already-bound", "refused number-reassigned-since");
  }

  /** The bindings (every source), the accounts and the events of the platform, as the model has them. */
  static void assertState(Model model, List<String> accounts, String message) {
    Map<UUID, String> names = new HashMap<>();
    for (String account : accounts) {
      int rows = f.db.accounts(model.platform, account);
      assertThat(rows).as(message + ": rows of " + account).isEqualTo(model.accounts.contains(account) ? 1 : 0);
      if (rows == 1) {
        names.put(f.db.jdbc.sql("SELECT id FROM accounts WHERE platform_id = ? AND account_blind_index = ?")
            .param(model.platform).param(f.db.index(model.platform, account)).query(UUID.class).single(), account);
      }
      assertThat(f.db.count("""
          SELECT count(*)::int FROM event_outbox e JOIN accounts a ON a.id = e.account
          WHERE a.platform_id = ? AND a.account_blind_index = ? AND e.type = 'account.verification_changed'""",
          model.platform, f.db.index(model.platform, account)))
          .as(message + ": account.verification_changed events of " + account)
          .isEqualTo(model.events.getOrDefault(account, 0));
    }
    List<String> bindings = f.db.jdbc.sql("""
            SELECT b.verification_id, b.account, b.source, b.platform_verified_at, b.revoked_at IS NULL AS active
            FROM phone_bindings b JOIN accounts a ON a.id = b.account WHERE a.platform_id = ?""")
        .param(model.platform)
        .query((rs, n) -> new ModelBinding(rs.getString("verification_id"), names.get(rs.getObject("account", UUID.class)),
            null, rs.getString("source"),
            Optional.ofNullable(rs.getObject("platform_verified_at", OffsetDateTime.class))
                .map(OffsetDateTime::toInstant).orElse(null), null, rs.getBoolean("active")).toString())
        .list().stream().sorted().toList();
    assertThat(bindings).as(message + ": bindings").isEqualTo(model.bindings());
  }

  /** Binds by OTP through the store, and in the model. */
  static void otpBind(Model model, String account, String number, String verification, Instant at) {
    f.db.store.bind(request(model.platform, account, number, verification), at);
    model.otpBind(account, number, verification, at);
  }

  /** Records a carrier's report through the store, and in the model. */
  static void report(Model model, String number, NumberEventType type, Instant occurredAt, Instant at) {
    f.db.numberEvents.record(new NumberEvent("carrier-1", new PhoneNumber(number), type, occurredAt), at);
    model.report(number, type, occurredAt);
  }

  /** Random lines numbered from {@code first} (gaps of 1-3); the next free line number. */
  static int randomLines(Random random, List<Gen> lines, int first, int count, List<String> accounts,
      List<String> numbers, Instant processing) {
    int number = first;
    for (int i = 0; i < count; i++) {
      String account = accounts.get(random.nextInt(accounts.size()));
      String phone = numbers.get(random.nextInt(numbers.size()));
      Instant verified = VERIFIED.get(random.nextInt(VERIFIED.size()));
      lines.add(switch (random.nextInt(16)) {
        case 0 -> new Gen(line(number, "bad id!", phone, verified), "invalid-account-id");
        case 1 -> new Gen(line(number, account, random.nextBoolean() ? "0912345678" : "+84000100", verified),
            "invalid-phone-number");
        case 2 -> new Gen(line(number, account, phone, switch (random.nextInt(3)) {
          case 0 -> null;
          case 1 -> processing.plus(Duration.ofHours(2));
          default -> processing.minus(Duration.ofDays(200));
        }), "invalid-verified-at");
        default -> Gen.valid(number, account, phone, verified);
      });
      number += 1 + random.nextInt(3);
    }
    return number;
  }

  static List<ImportLine> imported(List<Gen> lines) {
    return lines.stream().map(Gen::line).toList();
  }

  /** The stored upload of a batch, to put it back when the batch is applied again. */
  static byte[] upload(ImportId id, int batchNumber) {
    return f.db.jdbc.sql("""
            SELECT u.lines_ciphertext FROM import_uploads u JOIN import_batches b ON b.id = u.batch
            WHERE b.import = ? AND b.batch_number = ?""")
        .param(id.uuid()).param(batchNumber).query(byte[].class).single();
  }

  /** A processed batch waiting again with its upload, its outcomes gone (only the database's owner can). */
  static void putBack(ImportId id, int batchNumber, byte[] upload) {
    f.db.owner.sql("""
        DELETE FROM import_line_outcomes
        WHERE batch = (SELECT id FROM import_batches WHERE import = ? AND batch_number = ?)""")
        .param(id.uuid()).param(batchNumber).update();
    f.db.owner.sql("""
        UPDATE import_batches SET processed_at = NULL, lines_bound = NULL, lines_refused = NULL, refused_reasons = NULL, refused_counts = NULL
        WHERE import = ? AND batch_number = ?""").param(id.uuid()).param(batchNumber).update();
    f.db.owner.sql("""
        INSERT INTO import_uploads (batch, lines_ciphertext)
        SELECT id, ? FROM import_batches WHERE import = ? AND batch_number = ?""")
        .param(upload).param(id.uuid()).param(batchNumber).update();
  }

  static List<ProcessedBatch> drain(Instant now) {
    List<ProcessedBatch> processed = new ArrayList<>();
    for (Optional<ProcessedBatch> p = f.queue.processNext(RULES, now); p.isPresent();
        p = f.queue.processNext(RULES, now)) {
      processed.add(p.get());
    }
    return processed;
  }

  static List<String> outcomes(ImportId id) {
    return f.db.jdbc.sql("SELECT line, outcome, reason FROM import_line_outcomes WHERE import = ? ORDER BY line")
        .param(id.uuid())
        .query((rs, n) -> rs.getInt("line") + " " + rs.getString("outcome") + " " + rs.getString("reason")).list();
  }

  /** A generated line and, if the generator made it invalid, the reason validation gives. */
  record Gen(ImportLine line, String invalid) {

    static Gen valid(int number, String account, String phone, Instant verified) {
      return new Gen(ImportFixture.line(number, account, phone, verified), null);
    }
  }

  record Counts(int bound, int refused) {
  }

  /** A binding as the model keeps it; its text is what the test compares with the store's rows. */
  record ModelBinding(String verificationId, String account, String number, String source, Instant platformVerifiedAt,
      Instant proof, boolean active) {

    @Override
    public String toString() {
      return verificationId + " " + account + " " + source + " " + platformVerifiedAt + " " + (active ? "active" : "ended");
    }
  }

  record Report(String number, NumberEventType type, Instant occurredAt) {
  }

  /**
   * The reference: every rule applied to one line at a time, over plain collections. A carrier's
   * report ends the bindings of its number proven before it; a line is refused
   * number-reassigned-since if a DISCONNECTED or REASSIGNED report of its number occurred after its
   * proof (its account not created); else its account exists from then on; a binding with this very
   * line's verification id → bound, nothing new; an active binding on the account → already-bound;
   * else a new imported binding and one account.verification_changed event.
   */
  static final class Model {

    final StoreFixture db;
    final String platform;
    final Set<String> accounts = new HashSet<>();
    final List<ModelBinding> bindings = new ArrayList<>();
    final List<Report> reports = new ArrayList<>();
    final Map<String, Integer> events = new HashMap<>();
    final Map<ImportId, TreeMap<Integer, String>> outcomes = new HashMap<>();

    Model(StoreFixture db, String platform) {
      this.db = db;
      this.platform = platform;
    }

    void otpBind(String account, String number, String verification, Instant at) {
      accounts.add(account);
      endActive(account);
      bindings.add(new ModelBinding(verification, account, number, "otp", null, at, true));
      events.merge(account, 1, Integer::sum);
    }

    void report(String number, NumberEventType type, Instant occurredAt) {
      Report report = new Report(number, type, occurredAt);
      if (reports.contains(report)) {
        return;
      }
      reports.add(report);
      if (type == NumberEventType.PORTED) {
        return;
      }
      for (int i = 0; i < bindings.size(); i++) {
        ModelBinding b = bindings.get(i);
        if (b.active() && b.number().equals(number) && b.proof().isBefore(occurredAt)) {
          bindings.set(i, ended(b));
          events.merge(b.account(), 1, Integer::sum);
        }
      }
    }

    /** A batch applied: the lines' order by account (primary blind index), then line number. */
    Counts process(ImportId id, List<Gen> lines, Instant at) {
      TreeMap<Integer, String> results = outcomes.computeIfAbsent(id, k -> new TreeMap<>());
      List<Gen> valid = new ArrayList<>();
      for (Gen g : lines) {
        if (g.invalid() != null) {
          results.put(g.line().line(), "refused " + g.invalid());
        } else {
          valid.add(g);
        }
      }
      valid.sort(Comparator.comparing((Gen g) -> HexFormat.of().formatHex(db.index(platform, g.line().accountId())))
          .thenComparingInt(g -> g.line().line()));
      int bound = 0;
      for (Gen g : valid) {
        String outcome = apply(id, g.line());
        results.put(g.line().line(), outcome);
        if (outcome.equals("bound null")) {
          bound++;
        }
      }
      return new Counts(bound, lines.size() - bound);
    }

    private String apply(ImportId id, ImportLine line) {
      Instant verified = line.verifiedAt().orElseThrow();
      String number = line.phoneNumber();
      String account = line.accountId();
      boolean reassigned = reports.stream().anyMatch(r -> r.number().equals(number)
          && (r.type() == NumberEventType.DISCONNECTED || r.type() == NumberEventType.REASSIGNED)
          && r.occurredAt().isAfter(verified));
      if (reassigned) {
        return "refused number-reassigned-since";
      }
      accounts.add(account);
      String verification = "import:" + id.uuid() + ":" + line.line();
      if (bindings.stream().anyMatch(b -> b.verificationId().equals(verification))) {
        return "bound null";
      }
      if (bindings.stream().anyMatch(b -> b.account().equals(account) && b.active())) {
        return "refused already-bound";
      }
      bindings.add(new ModelBinding(verification, account, number, "imported", verified, verified, true));
      events.merge(account, 1, Integer::sum);
      return "bound null";
    }

    /** The outcomes of a batch's lines forgotten, as when it is applied again. */
    void forget(ImportId id, List<Gen> lines) {
      for (Gen g : lines) {
        outcomes.get(id).remove(g.line().line());
      }
    }

    List<String> outcomes(ImportId id) {
      return outcomes.getOrDefault(id, new TreeMap<>()).entrySet().stream()
          .map(e -> e.getKey() + " " + e.getValue()).toList();
    }

    List<String> allOutcomes() {
      return outcomes.values().stream().flatMap(m -> m.values().stream()).toList();
    }

    List<String> bindings() {
      return bindings.stream().map(ModelBinding::toString).sorted().toList();
    }

    private void endActive(String account) {
      for (int i = 0; i < bindings.size(); i++) {
        if (bindings.get(i).account().equals(account) && bindings.get(i).active()) {
          bindings.set(i, ended(bindings.get(i)));
        }
      }
    }

    private static ModelBinding ended(ModelBinding b) {
      return new ModelBinding(b.verificationId(), b.account(), b.number(), b.source(), b.platformVerifiedAt(),
          b.proof(), false);
    }
  }
}
