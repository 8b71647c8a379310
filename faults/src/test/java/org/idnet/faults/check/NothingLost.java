package org.idnet.faults.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.idnet.faults.FaultNetwork;
import org.idnet.faults.Poll;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After every case, on the network it broke and healed again (issue 13): the audit chain verifies,
 * nothing is half-written, every write the network acknowledged during the suite is still there
 * (read in PostgreSQL), the invariants of domain.md hold there, and no process's log holds a
 * personal value any case sent in.
 */
public final class NothingLost implements AfterEachCallback {

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    FaultNetwork network = FaultNetwork.get();
    network.healAll();
    awaitReleasesSettled(network);
    AuditChain.verifies(network);
    Consistency.disclosureWrittenWhole(network.stores());
    Consistency.releasesMatchDisclosures(network.stores());
    Consistency.identityInvariantsHold(network.stores());
    acknowledgedWritesArePresent(network);
    noPersonalValueInAnyLog(network.logs());
  }

  /** Approved requests are released by a job (every second here): wait for none to be left in between. */
  private static void awaitReleasesSettled(FaultNetwork network) {
    Poll.until("approved requests released", java.time.Duration.ofSeconds(20),
        () -> network.stores().number("disclosure", "SELECT count(*) FROM disclosure_requests WHERE status = 'APPROVED'") == 0);
  }

  /**
   * Read in PostgreSQL, the system of record, not through verify-account: identity-service may
   * answer that from its Redis cache, which would hide a lost write for as long as the entry lives.
   * A phone binding acknowledged must still be active (or the account linked to a person since),
   * a real name acknowledged must still link the account to a person.
   */
  private static void acknowledgedWritesArePresent(FaultNetwork network) {
    Map<String, List<String>> stored = new HashMap<>();
    for (List<String> row : network.stores().query("identity", """
        SELECT a.platform_id || '|' || a.account_id,
               EXISTS (SELECT 1 FROM phone_bindings b WHERE b.account = a.id AND b.revoked_at IS NULL),
               EXISTS (SELECT 1 FROM person_bindings p WHERE p.account = a.id AND p.ended_at IS NULL)
        FROM accounts a""")) {
      stored.put(row.get(0), row.subList(1, 3));
    }
    for (Map.Entry<String, Ledger.Level> account : Ledger.accounts().entrySet()) {
      List<String> levels = stored.get(account.getKey());
      assertThat(levels).as("account %s, acknowledged, in PostgreSQL", account.getKey()).isNotNull();
      boolean phone = "t".equals(levels.get(0));
      boolean realName = "t".equals(levels.get(1));
      if (account.getValue() == Ledger.Level.REAL_NAME) {
        assertThat(realName).as("acknowledged real name of %s: an active person link", account.getKey()).isTrue();
      } else {
        assertThat(phone || realName).as("acknowledged phone binding of %s: an active binding", account.getKey())
            .isTrue();
      }
    }
    for (String request : Ledger.requests()) {
      assertThat(network.stores().number("disclosure", "SELECT count(*) FROM disclosure_requests WHERE id = ?::uuid", request))
          .as("acknowledged disclosure request %s", request).isEqualTo(1);
    }
  }

  /** What the log-check module does for the whole build, here for this suite's own values at once. */
  static void noPersonalValueInAnyLog(Path logs) throws IOException {
    Set<String> secrets = Ledger.secrets();
    List<Pattern> patterns = new ArrayList<>();
    for (String secret : secrets) {
      // A digits-only value must stand alone (a code is 6 digits: a longer number may contain them).
      patterns.add(Pattern.compile(secret.chars().allMatch(Character::isDigit)
          ? "(?<![0-9])" + secret + "(?![0-9])" : Pattern.quote(secret)));
    }
    try (Stream<Path> files = Files.list(logs)) {
      for (Path log : files.filter(f -> f.getFileName().toString().startsWith("FaultNetwork-")).toList()) {
        List<String> lines = Files.readAllLines(log);
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i);
          for (Pattern pattern : patterns) {
            if (pattern.matcher(line).find()) {
              throw new AssertionError(log.getFileName() + " line " + (i + 1) + " holds a personal value a case sent in");
            }
          }
        }
      }
    }
  }
}
