package org.idnet.faults.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.idnet.faults.Api;
import org.idnet.faults.FaultNetwork;
import org.idnet.faults.Poll;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After every case, on the network it broke and healed again (issue 13): the audit chain verifies,
 * nothing is half-written, every write the network acknowledged during the suite is still there
 * (read from PostgreSQL), the invariants of domain.md hold there, and no process's log holds a
 * personal value any case sent in.
 */
public final class NothingLost implements AfterEachCallback {

  /** identity-service's answer cache (idnet.identity.cache.key-prefix, default idv1:). */
  static final String IDENTITY_CACHE_KEYS = "idv1:*";

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    FaultNetwork network = FaultNetwork.get();
    network.healAll();
    network.awaitBreakersClosed();
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
   * Re-read through verify-account after identity-service's answer cache is emptied, so every
   * answer comes from PostgreSQL, the system of record: a cached answer would hide a lost write for
   * as long as its entry lives. (The rows cannot be read here directly: accounts are stored under a
   * keyed blind index and encrypted, and the key is the service's.)
   */
  private static void acknowledgedWritesArePresent(FaultNetwork network) {
    network.stores().redisOrFail("EVAL", "local n = 0 for _, k in ipairs(redis.call('KEYS', ARGV[1])) do"
        + " n = n + redis.call('DEL', k) end return n", "0", IDENTITY_CACHE_KEYS);
    Api api = network.api();
    for (Map.Entry<String, Ledger.Level> account : Ledger.accounts().entrySet()) {
      String[] key = account.getKey().split("\\|", 2);
      Api.Answer answer = api.get("/v1/accounts/" + key[1] + "/verification", key[0]);
      assertThat(answer.status()).as("verify-account of %s: %s", key[1], answer).isEqualTo(200);
      String level = answer.field("level");
      if (account.getValue() == Ledger.Level.REAL_NAME) {
        assertThat(level).as("acknowledged real name of %s on %s", key[1], key[0]).isEqualTo("REAL_NAME");
      } else {
        assertThat(level).as("acknowledged phone binding of %s on %s", key[1], key[0]).isIn("PHONE", "REAL_NAME");
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
