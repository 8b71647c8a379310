package org.idnet.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.idnet.faults.check.Ledger;
import org.idnet.faults.check.NothingLost;
import org.idnet.faults.net.TcpProxy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PostgreSQL stopped, slow, its backends terminated, its link half-open (quality.md): requests
 * fail within their deadlines with 503/504 (never a 500, never a hang), nothing is half-written
 * (checked after each case by {@link NothingLost}), and the services' connection pools recover by
 * themselves once PostgreSQL answers again.
 */
@Order(2)
@ExtendWith(NothingLost.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresFaultIT {

  /** The gateway's deadlines (identity 2 s, disclosure 5 s) and what an answer may add to them. */
  private static final long IDENTITY_DEADLINE = 2_000;
  private static final long DISCLOSURE_DEADLINE = 5_000;
  private static final long MARGIN = 1_000;
  /**
   * How soon the pools must serve again once PostgreSQL does: identity-service's socket timeout
   * (10 s, which ends a read on a dead connection) and a margin.
   */
  private static final Duration POOLS_RECOVER = Duration.ofSeconds(15);

  private static FaultNetwork network;
  private static Flows flows;
  private static Api api;
  private static String cachedAccount;

  @BeforeAll
  static void start() throws Exception {
    network = FaultNetwork.get();
    flows = new Flows(network);
    api = network.api();
    cachedAccount = Flows.newAccount("pg-cached");
    flows.bindPhone("platform-a", cachedAccount);
    assertThat(flows.level("platform-a", cachedAccount)).isEqualTo("PHONE");
  }

  @Test
  @Order(1)
  void stopped() throws Exception {
    Flows.Phone phone = Flows.newPhone();
    String pendingAccount = Flows.newAccount("pg-pending");
    Api.Answer started = flows.startVerification("platform-a", pendingAccount, phone);
    assertThat(started.status()).as("%s", started).isEqualTo(201);
    String code = flows.code(phone, 0);
    String refusedAccount = Flows.newAccount("pg-refused");
    JsonNode citizen = flows.citizen();
    String caseReference = "FAULTS/PG-STOPPED-" + System.nanoTime();

    network.sandbox().postgres().stop();
    try {
      // An answer the cache holds may still come (the cache is skipped for a while after any slow
      // Redis call, so not always); never a wrong one. What it does not hold is refused in time.
      Api.Answer cached = api.get("/v1/accounts/" + cachedAccount + "/verification", "platform-a");
      assertThat(cached.status()).as("cached verify-account: %s", cached).isIn(200, 503, 504);
      if (cached.status() == 200) {
        assertThat(cached.field("level")).isEqualTo("PHONE");
      }
      assertThat(cached.millis()).isLessThan(IDENTITY_DEADLINE + MARGIN);
      refusedWithin(api.get("/v1/accounts/" + Flows.newAccount("pg-unknown") + "/verification", "platform-a"),
          IDENTITY_DEADLINE);
      refusedWithin(flows.registerRealName("platform-a", refusedAccount, citizen), IDENTITY_DEADLINE);
      refusedWithin(api.post("/v1/disclosure-requests", "officer-1", Flows.request(refusedAccount, caseReference)),
          DISCLOSURE_DEADLINE);
      // The code is checked, the binding cannot be written: 503, and the code stays good.
      refusedWithin(flows.check("platform-a", started.field("id"), code), IDENTITY_DEADLINE + MARGIN);
    } finally {
      network.sandbox().postgres().restart();
    }
    poolsRecover();
    assertThat(flows.level("platform-a", refusedAccount)).isEqualTo("NONE");
    assertThat(network.stores().number("disclosure", "SELECT count(*) FROM disclosure_requests WHERE case_reference = ?",
        caseReference)).as("the refused filing").isZero();
    Api.Answer again = flows.check("platform-a", started.field("id"), code);
    assertThat(again.field("status")).as("%s", again).isEqualTo("APPROVED");
    Ledger.acknowledged("platform-a", pendingAccount, Ledger.Level.PHONE);
  }

  @Test
  @Order(2)
  void slow() throws Exception {
    TcpProxy identityLink = network.proxy(FaultNetwork.IDENTITY_POSTGRES);
    TcpProxy disclosureLink = network.proxy(FaultNetwork.DISCLOSURE_POSTGRES);
    String account = Flows.newAccount("pg-slow");
    JsonNode citizen = flows.citizen();
    String caseReference = "FAULTS/PG-SLOW-" + System.nanoTime();
    String key = "faults-slow-" + System.nanoTime();
    // Every packet held 1.5 s each way: any query takes longer than any deadline.
    identityLink.delay(1_500);
    disclosureLink.delay(1_500);
    try {
      refusedWithin(api.get("/v1/accounts/" + Flows.newAccount("pg-slow-unknown") + "/verification", "platform-a"),
          IDENTITY_DEADLINE);
      refusedWithin(flows.registerRealName("platform-a", account, citizen), IDENTITY_DEADLINE);
      refusedWithin(api.post("/v1/disclosure-requests", "officer-1", Flows.request(account, caseReference),
          "Idempotency-Key", key), DISCLOSURE_DEADLINE);
    } finally {
      identityLink.heal();
      disclosureLink.heal();
    }
    poolsRecover();
    // The client does not know whether its writes happened: it retries them, and each happens once.
    flows.realName("platform-a", account, citizen);
    JsonNode filed = Poll.until("the retried filing answered", Duration.ofSeconds(20),
        () -> api.post("/v1/disclosure-requests", "officer-1", Flows.request(account, caseReference), "Idempotency-Key", key),
        a -> a.status() == 201).json();
    Ledger.filed(filed.get("id").asText());
    assertThat(network.stores().number("disclosure", "SELECT count(*) FROM disclosure_requests WHERE case_reference = ?",
        caseReference)).as("requests filed with one Idempotency-Key").isEqualTo(1);
  }

  @Test
  @Order(3)
  void backendsTerminated() throws Exception {
    String account = Flows.newAccount("pg-terminated");
    flows.realName("platform-a", account, flows.citizen());
    // A real name and a filing under way (each packet held 300 ms, so each spans seconds) when every
    // session of the services' roles is ended: each is answered 503 or done, never half.
    String registering = Flows.newAccount("pg-terminated-write");
    JsonNode citizen = flows.citizen();
    String caseReference = "FAULTS/PG-TERMINATED-" + System.nanoTime();
    network.proxy(FaultNetwork.IDENTITY_POSTGRES).delay(300);
    network.proxy(FaultNetwork.DISCLOSURE_POSTGRES).delay(300);
    CompletableFuture<Api.Answer> registration = CompletableFuture.supplyAsync(
        () -> flows.registerRealName("platform-a", registering, citizen));
    CompletableFuture<Api.Answer> filing = CompletableFuture.supplyAsync(
        () -> api.post("/v1/disclosure-requests", "officer-1", Flows.request(account, caseReference)));
    Poll.until("both writes inside their transactions", Duration.ofSeconds(5), () -> network.stores().number("postgres", """
        SELECT count(DISTINCT usename) FROM pg_stat_activity WHERE xact_start IS NOT NULL
        AND usename IN ('idnet_identity_app', 'idnet_disclosure_app')""") == 2);
    // Which of the ended sessions were inside a transaction at that moment: the writes under way.
    List<List<String>> ended = network.stores().query("postgres", """
        SELECT pg_terminate_backend(pid), xact_start IS NOT NULL FROM pg_stat_activity
        WHERE usename IN ('idnet_identity_app', 'idnet_disclosure_app')""");
    assertThat(ended).as("sessions terminated").isNotEmpty();
    long endedInATransaction = ended.stream().filter(row -> "t".equals(row.get(0)) && "t".equals(row.get(1))).count();
    network.proxy(FaultNetwork.IDENTITY_POSTGRES).heal();
    network.proxy(FaultNetwork.DISCLOSURE_POSTGRES).heal();

    Api.Answer registered = registration.get();
    assertThat(registered.status()).as("the real name under way: %s", registered).isIn(200, 503);
    Api.Answer filed = filing.get();
    // 504 outcome-unknown: the session ended during COMMIT, which PostgreSQL may or may not have done.
    assertThat(filed.status()).as("the filing under way: %s", filed).isIn(201, 503, 504);
    if (filed.status() == 201) {
      Ledger.filed(filed.field("id"));
    }
    if (filed.status() == 504) {
      assertThat(filed.field("code")).isEqualTo("outcome-unknown");
      assertThat(filed.header("Retry-After")).as("no advice to repeat it blindly").isNull();
    }
    assertThat(network.stores().number("disclosure", "SELECT count(*) FROM disclosure_requests WHERE case_reference = ?",
        caseReference)).as("the filing under way, in PostgreSQL")
        .isIn(filed.status() == 201 ? List.of(1L) : filed.status() == 503 ? List.of(0L) : List.of(0L, 1L));
    // The fault hit: a write was refused, or a session was ended inside a write's transaction (which
    // the service then answered from a new connection); otherwise timing moved the termination
    // outside both writes and the case proved nothing.
    assertThat(registered.status() == 503 || filed.status() >= 503 || endedInATransaction > 0)
        .as("a write answered 503 (real name %s, filing %s) or a session ended inside a transaction (%d)",
            registered.status(), filed.status(), endedInATransaction).isTrue();
    // Every request after the termination is answered, by a new connection where the old one died.
    List<Api.Answer> after = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      after.add(api.get("/v1/accounts/" + Flows.newAccount("pg-after") + "/verification", "platform-a"));
      after.add(api.get("/v1/disclosure-requests?pageSize=1", "officer-1"));
    }
    assertThat(after).as("answers after the termination").allSatisfy(a -> assertThat(a.status()).as("%s", a).isIn(200, 503));
    poolsRecover();
    assertThat(flows.level("platform-a", registering)).isEqualTo(registered.status() == 200 ? "REAL_NAME" : "NONE");
    if (registered.status() == 200) {
      Ledger.acknowledged("platform-a", registering, Ledger.Level.REAL_NAME);
    }
    assertThat(flows.level("platform-a", account)).isEqualTo("REAL_NAME");
  }

  /**
   * PostgreSQL's host vanishes under load (a failover's old primary): the queries under way wait for
   * answers that never come, the connections stay open and silent. Then a new PostgreSQL answers at
   * the same address: the pools must give the dead connections up and serve again.
   */
  @Test
  @Order(4)
  void halfOpenUnderLoad() throws Exception {
    TcpProxy identityLink = network.proxy(FaultNetwork.IDENTITY_POSTGRES);
    TcpProxy disclosureLink = network.proxy(FaultNetwork.DISCLOSURE_POSTGRES);
    AtomicBoolean running = new AtomicBoolean(true);
    List<Api.Answer> answers = Collections.synchronizedList(new ArrayList<>());
    ExecutorService clients = Executors.newFixedThreadPool(16);
    try {
      // More callers than either pool has connections (10), each calling again as soon as answered,
      // so the connections are in use when the link goes (a connection idle for 0.5 s would be
      // checked before use, and the check has a timeout; a query under way has none but the socket's).
      for (int i = 0; i < 8; i++) {
        clients.submit(() -> {
          while (running.get()) {
            answers.add(api.get("/v1/accounts/" + Flows.newAccount("pg-void") + "/verification", "platform-a"));
          }
        });
        clients.submit(() -> {
          while (running.get()) {
            answers.add(api.get("/v1/disclosure-requests?pageSize=1", "officer-1"));
          }
        });
      }
      Poll.until("load under way", Duration.ofSeconds(10), () -> answers.size() > 100);
      identityLink.halfOpen();
      disclosureLink.halfOpen();
      int cut = answers.size();
      Poll.until("requests refused while PostgreSQL is gone", Duration.ofSeconds(15),
          () -> KilledServiceFaultIT.since(answers, cut).stream().filter(a -> a.status() != 200).count() >= 16);
    } finally {
      identityLink.heal();
      disclosureLink.heal();
      running.set(false);
      clients.shutdown();
      assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(KilledServiceFaultIT.since(answers, 0)).as("answers while PostgreSQL was gone").allSatisfy(a -> {
      assertThat(a.status()).as("%s", a).isIn(200, 503, 504);
      assertThat(a.millis()).as("answered within the deadline: %s", a).isLessThan(DISCLOSURE_DEADLINE + MARGIN);
    });
    poolsRecover();
    // And whole again: no connection is left waiting for an answer from the PostgreSQL that vanished.
    for (String service : List.of("identity-service", "disclosure-service")) {
      Poll.until(service + "'s pool has no connection in use any more", POOLS_RECOVER,
          () -> network.metric(service, "hikaricp_connections_active") == 0);
    }
  }

  /** A 503 or 504 problem, answered within the deadline (plus what the gateway adds). */
  private static void refusedWithin(Api.Answer answer, long deadline) {
    assertThat(answer.status()).as("%s", answer).isIn(503, 504);
    assertThat(answer.header("Content-Type")).contains("problem+json");
    assertThat(answer.millis()).as("answered within the deadline: %s", answer).isLessThan(deadline + MARGIN);
  }

  /** Both services read and write PostgreSQL again, without a restart. */
  private static void poolsRecover() {
    Duration took = Poll.until("identity-service and disclosure-service answer from PostgreSQL again", POOLS_RECOVER, () -> {
      Api.Answer identity = api.get("/v1/accounts/" + Flows.newAccount("pg-back") + "/verification", "platform-a");
      Api.Answer disclosure = api.get("/v1/disclosure-requests?pageSize=1", "officer-1");
      assertThat(List.of(identity, disclosure)).allSatisfy(a -> assertThat(a.status()).as("%s", a).isIn(200, 503, 504));
      return identity.status() == 200 && disclosure.status() == 200;
    });
    System.out.println("pools recovered in " + took.toMillis() + " ms");
  }
}
