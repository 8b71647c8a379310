package org.idnet.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.idnet.faults.check.Ledger;
import org.idnet.faults.check.NothingLost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Parallel writers of the same thing (quality.md, domain.md): the invariants hold in PostgreSQL,
 * the system of record, read afterwards ({@link NothingLost} checks them all again after each
 * case). Each race starts its requests together, released by one latch.
 */
@Order(5)
@ExtendWith(NothingLost.class)
class ConcurrencyFaultIT {

  private static FaultNetwork network;
  private static Flows flows;
  private static Api api;
  private static ExecutorService racers;

  @BeforeAll
  static void start() throws Exception {
    network = FaultNetwork.get();
    flows = new Flows(network);
    api = network.api();
    racers = Executors.newFixedThreadPool(12);
  }

  @AfterAll
  static void stop() {
    racers.shutdownNow();
  }

  /**
   * One number proved by accounts of two platforms at once: both bound (a number may serve a
   * person on many platforms), each verification bound once. One account proving two numbers at
   * once: one active binding, the other replaced. One code checked twice at once: one APPROVED.
   */
  @Test
  void parallelPhoneBindings() throws Exception {
    Flows.Phone shared = Flows.newPhone();
    String onA = Flows.newAccount("race-a");
    String onB = Flows.newAccount("race-b");
    Api.Answer a = flows.startVerification("platform-a", onA, shared);
    String codeA = flows.code(shared, 0);
    Api.Answer b = flows.startVerification("platform-b", onB, shared);
    String codeB = flows.code(shared, 1);
    List<Api.Answer> both = race(
        () -> flows.check("platform-a", a.field("id"), codeA),
        () -> flows.check("platform-b", b.field("id"), codeB));
    assertThat(both).allSatisfy(r -> assertThat(r.field("status")).as("%s", r).isEqualTo("APPROVED"));
    Ledger.acknowledged("platform-a", onA, Ledger.Level.PHONE);
    Ledger.acknowledged("platform-b", onB, Ledger.Level.PHONE);

    String one = Flows.newAccount("race-one");
    Flows.Phone first = Flows.newPhone();
    Flows.Phone second = Flows.newPhone();
    Api.Answer v1 = flows.startVerification("platform-a", one, first);
    Api.Answer v2 = flows.startVerification("platform-a", one, second);
    String c1 = flows.code(first, 0);
    String c2 = flows.code(second, 0);
    List<Api.Answer> twice = race(
        () -> flows.check("platform-a", v1.field("id"), c1),
        () -> flows.check("platform-a", v2.field("id"), c2),
        () -> flows.check("platform-a", v1.field("id"), c1),
        () -> flows.check("platform-a", v2.field("id"), c2));
    // Each verification approved exactly once; its second check finds it closed or in progress.
    assertThat(twice.stream().filter(r -> r.status() == 200 && r.field("status").equals("APPROVED")).count()).isEqualTo(2);
    assertThat(twice).allSatisfy(r -> assertThat(r.status()).as("%s", r).isIn(200, 409));
    Ledger.acknowledged("platform-a", one, Ledger.Level.PHONE);
    List<List<String>> bindings = network.stores().query("identity",
        "SELECT verification_id, revoked_at IS NULL, revoke_reason FROM phone_bindings WHERE verification_id IN (?, ?)",
        v1.field("id"), v2.field("id"));
    assertThat(bindings).as("the account's two bindings").hasSize(2);
    assertThat(bindings.stream().filter(r -> r.get(1).equals("t")).count()).as("active").isEqualTo(1);
    assertThat(bindings.stream().filter(r -> "replaced".equals(r.get(2))).count()).as("replaced").isEqualTo(1);
  }

  /**
   * One person registered as the real name of more accounts than a platform may give them, all at
   * once, and one account registered twice at once: one person row, the platform's limit held
   * exactly, the account linked once. Attempts beyond what the register may be asked at once for
   * one national id are told to retry in a moment (429 confirmation-in-progress, never "tomorrow":
   * nothing failed); retried as a platform would, they end like the others.
   */
  @Test
  void parallelRealNameRegistrationOfOnePerson() throws Exception {
    JsonNode citizen = flows.citizen();
    long personsBefore = network.stores().number("identity", "SELECT count(*) FROM persons");
    List<String> accounts = new ArrayList<>();
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      sent.add(Flows.newAccount("race-person"));
    }
    accounts.addAll(sent);
    sent.add(accounts.getFirst());
    List<Api.Answer> answers = new ArrayList<>();
    for (int round = 0; round < 5 && !sent.isEmpty(); round++) {
      if (round > 0) {
        Thread.sleep(1_000);
      }
      List<Callable<Api.Answer>> calls = new ArrayList<>();
      for (String account : sent) {
        calls.add(() -> flows.registerRealName("platform-a", account, citizen));
      }
      List<Api.Answer> answered = race(calls);
      List<String> again = new ArrayList<>();
      for (int i = 0; i < answered.size(); i++) {
        Api.Answer answer = answered.get(i);
        if (answer.status() == 429 && "confirmation-in-progress".equals(answer.code())) {
          assertThat(answer.header("Retry-After")).as("%s", answer).isEqualTo("1");
          again.add(sent.get(i));
        } else {
          answers.add(answer);
        }
      }
      sent = again;
    }
    assertThat(sent).as("accounts still told to retry after 5 rounds").isEmpty();
    assertThat(answers).allSatisfy(r -> assertThat(r.status()).as("%s", r).isIn(200, 409));
    List<String> registered = new ArrayList<>();
    for (String account : accounts) {
      if (flows.level("platform-a", account).equals("REAL_NAME")) {
        registered.add(account);
        Ledger.acknowledged("platform-a", account, Ledger.Level.REAL_NAME);
      }
    }
    assertThat(registered).as("accounts registered to one person on one platform").hasSize(5);
    assertThat(answers).filteredOn(r -> r.status() == 409)
        .allSatisfy(r -> assertThat(r.code()).isEqualTo("account-limit-reached"));
    assertThat(network.stores().number("identity", "SELECT count(*) FROM persons")).isEqualTo(personsBefore + 1);
  }

  /**
   * Two supervisors of one agency approve one request at the same moment, each with a token of
   * their own: one decision, one approval entry, one release.
   */
  @Test
  void parallelApprovalByTwoSupervisors() throws Exception {
    String account = Flows.newAccount("race-disclosed");
    flows.realName("platform-a", account, flows.citizen());
    JsonNode request = flows.file(account, "FAULTS/RACE-" + System.nanoTime());
    List<Api.Answer> decisions = race(
        () -> flows.approve("supervisor-1", request),
        () -> flows.approve(FaultNetwork.SECOND_SUPERVISOR, request));
    assertThat(decisions.stream().filter(r -> r.status() == 200).count()).as("%s", decisions).isEqualTo(1);
    assertThat(decisions.stream().filter(r -> r.status() == 409).count()).as("%s", decisions).isEqualTo(1);
    String id = request.get("id").asText();
    JsonNode disclosed = flows.awaitStatus(id, "DISCLOSED", Duration.ofSeconds(15));
    String winner = decisions.stream().filter(r -> r.status() == 200).findFirst().orElseThrow().field("decidedBy");
    assertThat(disclosed.get("decidedBy").asText()).isEqualTo(winner);
    assertThat(network.stores().number("disclosure",
        "SELECT count(*) FROM audit_entries WHERE request_id = ?::uuid AND type = 'REQUEST_APPROVED'", id)).isEqualTo(1);
    assertThat(network.stores().number("disclosure",
        "SELECT count(*) FROM audit_entries WHERE request_id = ?::uuid AND type = 'REQUEST_DISCLOSED'", id)).isEqualTo(1);
    assertThat(network.stores().number("identity", "SELECT count(*) FROM disclosure_releases WHERE request_id = ?::uuid", id))
        .isEqualTo(1);
  }

  @SafeVarargs
  private static List<Api.Answer> race(Callable<Api.Answer>... calls) throws Exception {
    return race(List.of(calls));
  }

  /** Runs the calls at once (each thread waits at one latch) and returns their answers in order. */
  private static List<Api.Answer> race(List<Callable<Api.Answer>> calls) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Api.Answer>> futures = new ArrayList<>();
    for (Callable<Api.Answer> call : calls) {
      futures.add(racers.submit(() -> {
        go.await();
        return call.call();
      }));
    }
    go.countDown();
    List<Api.Answer> answers = new ArrayList<>();
    for (Future<Api.Answer> future : futures) {
      answers.add(future.get(Api.TIMEOUT.toSeconds() + 5, java.util.concurrent.TimeUnit.SECONDS));
    }
    return answers;
  }
}
