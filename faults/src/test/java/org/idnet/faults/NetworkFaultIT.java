package org.idnet.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.idnet.faults.check.Ledger;
import org.idnet.faults.check.NothingLost;
import org.idnet.faults.check.ProcessStats;
import org.idnet.faults.net.TcpProxy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Network faults between the gateway and the services and between services, made by the proxy on
 * each link: latency beyond the deadline, connections reset, answers lost after the call took
 * effect, and half-open links (the far side gone without a word). Deadlines hold; creating calls
 * are never retried blindly, and a retry with an Idempotency-Key has exactly one effect; a dead
 * connection is given up and replaced once the link is back; and no thread, file descriptor or
 * connection leaks (measured in {@code /proc} and at the proxies, before and after).
 */
@Order(4)
@ExtendWith(NothingLost.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetworkFaultIT {

  private static final long MARGIN = 1_000;
  private static final List<String> PROCESSES = List.of("gateway", "phone-otp-service", "identity-service",
      "disclosure-service");
  private static final List<String> GRPC_LINKS = List.of(FaultNetwork.GATEWAY_OTP, FaultNetwork.GATEWAY_IDENTITY,
      FaultNetwork.GATEWAY_DISCLOSURE, FaultNetwork.OTP_IDENTITY, FaultNetwork.DISCLOSURE_IDENTITY);

  private static FaultNetwork network;
  private static Flows flows;
  private static Api api;
  private static String account;
  private static final Map<String, ProcessStats> BEFORE = new LinkedHashMap<>();
  /** Reset rounds before the leak baseline, then after it, and what may grow over the later ones. */
  private static final int WARM_ROUNDS = 5;
  private static final int LATER_ROUNDS = 15;
  private static final int LATER_GROWTH = 4;
  private static final Map<String, Integer> CONNECTIONS_BEFORE = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    network = FaultNetwork.get();
    flows = new Flows(network);
    api = network.api();
    account = Flows.newAccount("net-target");
    flows.realName("platform-a", account, flows.citizen());
    everyLinkUsed();
    for (String process : PROCESSES) {
      BEFORE.put(process, ProcessStats.of(network.pid(process)));
    }
    GRPC_LINKS.forEach(link -> CONNECTIONS_BEFORE.put(link, network.proxy(link).openConnections()));
    System.out.println("before the network faults: " + BEFORE + ", connections " + CONNECTIONS_BEFORE);
  }

  @Test
  @Order(1)
  void deadlinesHoldOnSlowLinks() {
    everyLinkUsed();
    TcpProxy identity = network.proxy(FaultNetwork.GATEWAY_IDENTITY);
    TcpProxy disclosure = network.proxy(FaultNetwork.GATEWAY_DISCLOSURE);
    identity.delay(2_500);
    disclosure.delay(5_500);
    try {
      Api.Answer read = api.get(readPath(), "platform-a");
      assertThat(read.status()).as("%s", read).isEqualTo(504);
      assertThat(read.millis()).as("identity's deadline, 2 s").isBetween(1_900L, 2_000 + MARGIN);
      Api.Answer list = api.get("/v1/disclosure-requests?pageSize=1", "officer-1");
      assertThat(list.status()).as("%s", list).isEqualTo(504);
      assertThat(list.millis()).as("disclosure's deadline, 5 s").isBetween(4_900L, 5_000 + MARGIN);
    } finally {
      identity.heal();
      disclosure.heal();
    }
    // Healed: the delayed bytes still in flight end their calls first, so the link serves again shortly.
    Api.Answer healed = Poll.until("identity's link healed", Duration.ofSeconds(10),
        () -> api.get(readPath(), "platform-a"), a -> a.status() != 504);
    assertThat(healed.status()).as("%s", healed).isEqualTo(200);

    // Between services: phone-otp's BindPhone (2 s) and disclosure's release (2 s) end at their own
    // deadlines, inside the gateway's (3 s, 5 s); the code stays good, the approval is kept and released later.
    Flows.Phone phone = Flows.newPhone();
    String bindAccount = Flows.newAccount("net-slow-bind");
    Api.Answer started = flows.startVerification("platform-a", bindAccount, phone);
    String code = flows.code(phone, 0);
    JsonNode request = flows.file(account, "FAULTS/NET-SLOW-" + System.nanoTime());
    network.proxy(FaultNetwork.OTP_IDENTITY).delay(2_500);
    network.proxy(FaultNetwork.DISCLOSURE_IDENTITY).delay(2_500);
    try {
      Api.Answer check = flows.check("platform-a", started.field("id"), code);
      assertThat(check.status()).as("%s", check).isEqualTo(503);
      assertThat(check.millis()).as("phone-otp's deadline for BindPhone, 2 s").isBetween(1_900L, 2_000 + MARGIN);
      Api.Answer approved = flows.approve("supervisor-1", request);
      assertThat(approved.status()).as("%s", approved).isEqualTo(200);
      assertThat(approved.field("status")).isEqualTo("APPROVED");
      assertThat(approved.millis()).as("disclosure's deadline for the release, 2 s").isLessThan(2_000 + MARGIN);
    } finally {
      network.proxy(FaultNetwork.OTP_IDENTITY).heal();
      network.proxy(FaultNetwork.DISCLOSURE_IDENTITY).heal();
    }
    Api.Answer bound = Poll.until("the code binds once the link is fast again", Duration.ofSeconds(10),
        () -> flows.check("platform-a", started.field("id"), code), a -> a.status() != 503);
    assertThat(bound.field("status")).as("%s", bound).isEqualTo("APPROVED");
    Ledger.acknowledged("platform-a", bindAccount, Ledger.Level.PHONE);
    flows.awaitStatus(request.get("id").asText(), "DISCLOSED", Duration.ofSeconds(15));
  }

  @Test
  @Order(2)
  void creatingCallsAreNotRetriedAndAKeyedRetryHasOneEffect() {
    everyLinkUsed();
    // An SMS send whose answer is lost on the way back: 503, the SMS went once, not once per retry.
    Flows.Phone phone = Flows.newPhone();
    String body = "{\"accountId\":\"" + Flows.newAccount("net-sms") + "\",\"phoneNumber\":\"" + phone.national() + "\"}";
    network.proxy(FaultNetwork.GATEWAY_OTP).resetNextAnswer();
    Api.Answer lost = api.post("/v1/phone-verifications", "platform-a", body, "Idempotency-Key", "faults-net-sms");
    assertThat(lost.status()).as("the send whose answer was lost: %s", lost).isEqualTo(503);
    assertThat(network.sms().to(phone.e164())).as("SMS sent by the lost call").hasSize(1);
    Api.Answer retried = api.post("/v1/phone-verifications", "platform-a", body, "Idempotency-Key", "faults-net-sms");
    assertThat(retried.status()).as("%s", retried).isEqualTo(201);
    assertThat(network.sms().to(phone.e164())).as("SMS after the client's keyed retry").hasSize(1);

    // A filing likewise: one request, the retry answers it.
    String caseReference = "FAULTS/NET-" + System.nanoTime();
    network.proxy(FaultNetwork.GATEWAY_DISCLOSURE).resetNextAnswer();
    Api.Answer lostFiling = api.post("/v1/disclosure-requests", "officer-1", Flows.request(account, caseReference),
        "Idempotency-Key", "faults-net-filing");
    assertThat(lostFiling.status()).as("the filing whose answer was lost: %s", lostFiling).isEqualTo(503);
    assertThat(requestsFiled(caseReference)).isEqualTo(1);
    JsonNode filed = flows.file(account, caseReference, "Idempotency-Key", "faults-net-filing");
    assertThat(requestsFiled(caseReference)).isEqualTo(1);
    assertThat(network.stores().query("disclosure", "SELECT id::text FROM disclosure_requests WHERE case_reference = ?",
        caseReference)).containsExactly(List.of(filed.get("id").asText()));

    // Between services: BindPhone took effect, its answer was lost; the user's second check binds once.
    Flows.Phone bound = Flows.newPhone();
    String boundAccount = Flows.newAccount("net-bind");
    Api.Answer started = flows.startVerification("platform-a", boundAccount, bound);
    String code = flows.code(bound, 0);
    network.proxy(FaultNetwork.OTP_IDENTITY).resetNextAnswer();
    Api.Answer lostBind = flows.check("platform-a", started.field("id"), code);
    assertThat(lostBind.status()).as("the check whose binding's answer was lost: %s", lostBind).isEqualTo(503);
    Api.Answer secondCheck = flows.check("platform-a", started.field("id"), code);
    assertThat(secondCheck.field("status")).as("%s", secondCheck).isEqualTo("APPROVED");
    Ledger.acknowledged("platform-a", boundAccount, Ledger.Level.PHONE);
    assertThat(network.stores().number("identity", "SELECT count(*) FROM phone_bindings WHERE verification_id = ?",
        started.field("id"))).isEqualTo(1);

    // A release that took effect at identity-service, its answer lost: released again, recorded once.
    network.proxy(FaultNetwork.DISCLOSURE_IDENTITY).resetNextAnswer();
    Api.Answer approved = flows.approve("supervisor-1", filed);
    assertThat(approved.status()).as("%s", approved).isEqualTo(200);
    flows.awaitStatus(filed.get("id").asText(), "DISCLOSED", Duration.ofSeconds(15));
    assertThat(network.stores().number("identity", "SELECT count(*) FROM disclosure_releases WHERE request_id = ?::uuid",
        filed.get("id").asText())).isEqualTo(1);
  }

  @Test
  @Order(3)
  void halfOpenLinksAreGivenUpAndReplaced() {
    everyLinkUsed();
    Flows.Phone phone = Flows.newPhone();
    String bindAccount = Flows.newAccount("net-halfopen");
    Api.Answer started = flows.startVerification("platform-a", bindAccount, phone);
    String code = flows.code(phone, 0);
    JsonNode request = flows.file(account, "FAULTS/NET-HALF-OPEN-" + System.nanoTime());
    for (String link : GRPC_LINKS) {
      network.proxy(link).halfOpen();
    }
    try {
      Api.Answer read = api.get(readPath(), "platform-a");
      assertThat(read.status()).as("%s", read).isIn(503, 504);
      assertThat(read.millis()).as("%s", read).isLessThan(2_000 + MARGIN);
      Api.Answer list = api.get("/v1/disclosure-requests?pageSize=1", "officer-1");
      assertThat(list.status()).as("%s", list).isIn(503, 504);
      assertThat(list.millis()).as("%s", list).isLessThan(5_000 + MARGIN);
    } finally {
      for (String link : GRPC_LINKS) {
        network.proxy(link).heal();
      }
    }
    // Between services, over links just healed whose old connections are dead: the otp check and
    // the release go through once each client has given its dead connection up.
    Api.Answer bind = Poll.until("a code check through a healed link", Duration.ofSeconds(20),
        () -> flows.check("platform-a", started.field("id"), code), a -> a.status() != 503 && a.status() != 504);
    assertThat(bind.field("status")).as("%s", bind).isEqualTo("APPROVED");
    Ledger.acknowledged("platform-a", bindAccount, Ledger.Level.PHONE);
    Api.Answer approved = flows.approve("supervisor-1", request);
    assertThat(approved.status()).as("%s", approved).isEqualTo(200);
    flows.awaitStatus(request.get("id").asText(), "DISCLOSED", Duration.ofSeconds(20));
    Poll.until("verify-account through the healed gateway link", Duration.ofSeconds(20),
        () -> api.get(readPath(), "platform-a").status() == 200);
  }

  @Test
  @Order(4)
  void noThreadFileOrConnectionLeaks() {
    // Rounds of every link reset, each followed by a round of calls over every link. The first
    // rounds warm what grows once (pools, caches); after them a process must stay where it is, so
    // a leak of one thread, socket or descriptor per reconnect (3 links into the gateway: 45 over
    // the 15 later rounds) fails, not only one larger than the slack against the start.
    resetRounds(WARM_ROUNDS);
    Map<String, ProcessStats> warm = stats();
    System.out.println("after " + WARM_ROUNDS + " reset rounds: " + warm);
    resetRounds(LATER_ROUNDS);
    Map<String, ProcessStats> after = stats();
    System.out.println("after " + (WARM_ROUNDS + LATER_ROUNDS) + " reset rounds: " + after);
    for (String process : PROCESSES) {
      ProcessStats before = BEFORE.get(process);
      ProcessStats then = warm.get(process);
      ProcessStats now = after.get(process);
      assertThat(now.threads()).as("%s threads (before: %s)", process, before).isLessThanOrEqualTo(before.threads() + 20);
      assertThat(now.sockets()).as("%s sockets (before: %s)", process, before).isLessThanOrEqualTo(before.sockets() + 5);
      assertThat(now.fileDescriptors()).as("%s fds (before: %s)", process, before)
          .isLessThanOrEqualTo(before.fileDescriptors() + 10);
      assertThat(now.threads() - then.threads()).as("%s threads grown over %d more rounds (%s, then %s)", process,
          LATER_ROUNDS, then, now).isLessThanOrEqualTo(LATER_GROWTH);
      assertThat(now.sockets() - then.sockets()).as("%s sockets grown over %d more rounds (%s, then %s)", process,
          LATER_ROUNDS, then, now).isLessThanOrEqualTo(LATER_GROWTH);
      assertThat(now.fileDescriptors() - then.fileDescriptors()).as("%s fds grown over %d more rounds (%s, then %s)",
          process, LATER_ROUNDS, then, now).isLessThanOrEqualTo(LATER_GROWTH);
    }
    for (String link : GRPC_LINKS) {
      assertThat(network.proxy(link).openConnections()).as("connections over %s (before: %d)", link,
          CONNECTIONS_BEFORE.get(link)).isLessThanOrEqualTo(Math.max(1, CONNECTIONS_BEFORE.get(link)));
    }
  }

  private static void resetRounds(int rounds) {
    for (int round = 0; round < rounds; round++) {
      for (String link : GRPC_LINKS) {
        network.proxy(link).reset();
      }
      everyLinkUsed();
    }
  }

  private static Map<String, ProcessStats> stats() {
    Map<String, ProcessStats> stats = new LinkedHashMap<>();
    for (String process : PROCESSES) {
      stats.put(process, ProcessStats.of(network.pid(process)));
    }
    return stats;
  }

  /**
   * A verify-account that must cross the gateway-identity link: an account never asked about, so the
   * gateway's near cache (which keeps answers up to 1 s) cannot answer it instead.
   */
  private static String readPath() {
    return "/v1/accounts/" + Flows.newAccount("net-read") + "/verification";
  }

  /** One call over each gRPC link: gateway to each service, phone-otp and disclosure to identity. */
  private static void everyLinkUsed() {
    // Right after a reset a call may find its channel reconnecting (503 with Retry-After, as a client
    // would see it); what counts here is that each link serves again and what it leaves behind.
    answersWithin(readPath(), "platform-a", 200);
    answersWithin("/v1/disclosure-requests?pageSize=1", "officer-1", 200);
    // A check of an unknown verification goes to phone-otp-service only; a bind needs identity too.
    answersWithin("/v1/phone-verifications/no-such-verification", "platform-a", 404);
    flows.bindPhone("platform-a", Flows.newAccount("net-link"));
    JsonNode request = flows.file(account, "FAULTS/NET-LINK-" + System.nanoTime());
    assertThat(flows.approve("supervisor-1", request).status()).isEqualTo(200);
    flows.awaitStatus(request.get("id").asText(), "DISCLOSED", Duration.ofSeconds(15));
  }

  private static long requestsFiled(String caseReference) {
    return network.stores().number("disclosure", "SELECT count(*) FROM disclosure_requests WHERE case_reference = ?",
        caseReference);
  }

  /**
   * GETs {@code path} until it answers {@code status}. Only 503 is waited out: a channel
   * reconnecting, or the breaker its fast failures opened (open 5 s, then half-open), so 15 s.
   */
  private static void answersWithin(String path, String client, int status) {
    Api.Answer answer = Poll.until(path + " answers " + status, Duration.ofSeconds(15), () -> api.get(path, client),
        a -> a.status() != 503);
    assertThat(answer.status()).as("%s", answer).isEqualTo(status);
  }
}
