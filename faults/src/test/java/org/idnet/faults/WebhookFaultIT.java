package org.idnet.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.IntSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Webhooks under faults, on the running network with the real dispatcher: a receiver that fails,
 * then recovers, gets every event, once delivered and in order per account; and webhook-dispatcher
 * SIGKILLed while deliveries are in flight, then started again, loses no event and sends none under
 * a second id (a delivery in flight at the kill is sent again with its own id once its lease ends,
 * which receivers de-duplicate on).
 */
@Order(6)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebhookFaultIT {

  /** platform-b's endpoints: the other cases' events are platform-a's. */
  private static final String PLATFORM = "platform-b";

  @Test
  @Order(1)
  void aReceiverThatFailsThenRecoversGetsEveryEventOnceDeliveredInOrder() throws Exception {
    FaultNetwork network = FaultNetwork.get();
    Flows flows = new Flows(network);
    try (Receiver receiver = Receiver.start()) {
      String secret = register(network, receiver, 3);
      receiver.answer(() -> 503);
      List<String> accounts = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        String account = Flows.newAccount("hook-fail");
        flows.bindPhone(PLATFORM, account);
        accounts.add(account);
      }
      for (String account : accounts.subList(0, 2)) {
        assertThat(network.api().call("DELETE", "/v1/accounts/" + account, PLATFORM, null).status()).isEqualTo(204);
        org.idnet.faults.check.Ledger.closed(PLATFORM, account);
      }
      // Failing for a while: several attempts each, none accepted.
      Poll.until("failed attempts", Duration.ofSeconds(30), () -> receiver.requests().size() >= 8);
      receiver.answer(() -> 200);

      Map<String, List<Receiver.Request>> delivered = Poll.until("every event delivered", Duration.ofSeconds(90),
          () -> receiver.deliveredByAccount(accounts), byAccount -> byAccount.values().stream().mapToInt(List::size)
              .sum() == 6);

      assertThat(delivered.get(accounts.get(0))).extracting(r -> r.json().get("type").asText())
          .containsExactly("account.verification_changed", "account.closed");
      assertThat(delivered.get(accounts.get(1))).extracting(r -> r.json().get("type").asText())
          .containsExactly("account.verification_changed", "account.closed");
      assertThat(delivered.get(accounts.get(2))).hasSize(1);
      assertThat(delivered.get(accounts.get(3))).hasSize(1);
      List<Receiver.Request> accepted = delivered.values().stream().flatMap(List::stream).toList();
      assertThat(accepted).extracting(r -> r.header("webhook-id")).doesNotHaveDuplicates();
      assertThat(accepted).allSatisfy(r -> assertThat(r.signatureValid(secret)).isTrue());
      // The failed attempts carried the same ids as the accepted ones: retries, never new events.
      assertThat(receiver.requests()).extracting(r -> r.header("webhook-id")).filteredOn(id -> id != null)
          .allSatisfy(id -> assertThat(accepted).extracting(r -> r.header("webhook-id")).contains(id));
    }
  }

  @Test
  @Order(2)
  void aDispatcherKilledMidDeliveryLosesNoEventAndSendsNoneUnderASecondId() throws Exception {
    FaultNetwork network = FaultNetwork.get();
    Flows flows = new Flows(network);
    try (Receiver receiver = Receiver.start()) {
      String secret = register(network, receiver, 2);
      // Slow: deliveries are in flight when the dispatcher dies.
      receiver.answer(() -> {
        Poll.pause(1500);
        return 200;
      });
      List<String> accounts = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String account = Flows.newAccount("hook-kill");
        flows.bindPhone(PLATFORM, account);
        accounts.add(account);
      }
      Poll.until("deliveries in flight", Duration.ofSeconds(30), () -> receiver.started() >= 2);
      int inFlightAtKill = receiver.started() - receiver.requests().size();
      network.sandbox().kill("webhook-dispatcher");
      receiver.answer(() -> 200);
      network.sandbox().restart("webhook-dispatcher");

      Map<String, List<Receiver.Request>> delivered = Poll.until("every event delivered", Duration.ofSeconds(90),
          () -> receiver.deliveredByAccount(accounts), byAccount -> byAccount.size() == accounts.size());

      assertThat(inFlightAtKill).as("deliveries were under way when the dispatcher died").isPositive();
      assertThat(delivered.keySet()).containsExactlyInAnyOrderElementsOf(accounts);
      for (String account : accounts) {
        // One event per binding: however often it arrived, always under one id.
        assertThat(delivered.get(account)).extracting(r -> r.header("webhook-id")).as(account).containsOnly(
            delivered.get(account).getFirst().header("webhook-id"));
        assertThat(delivered.get(account)).allSatisfy(r -> {
          assertThat(r.json().get("type").asText()).isEqualTo("account.verification_changed");
          assertThat(r.signatureValid(secret)).isTrue();
        });
      }
    }
  }

  /** Registers platform-b's endpoint at the receiver, with a short timeout; answers its secret. */
  private static String register(FaultNetwork network, Receiver receiver, int timeoutSeconds) {
    // As a platform would: a 503 (the gateway reconnecting to a dispatcher another case restarted) is
    // retried, with the same Idempotency-Key, so one endpoint is registered.
    String key = "fault-" + System.nanoTime();
    Api.Answer created = Poll.until("the endpoint registered", Duration.ofSeconds(30), () -> network.api().post(
        "/v1/webhooks", PLATFORM, "{\"url\":\"" + receiver.url() + "\",\"eventTypes\":[\"account.verification_changed\","
        + "\"account.closed\"],\"timeoutSeconds\":" + timeoutSeconds + ",\"maxInFlight\":4}", "Idempotency-Key", key),
        answer -> answer.status() != 503);
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    return created.field("secret");
  }

  /** A platform's receiver on loopback: records every request, answers what the test says. */
  static final class Receiver implements AutoCloseable {

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Requests whose body has arrived, answered or not yet (a slow answer is still on its way). */
    private final java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();
    private volatile IntSupplier answer = () -> 200;

    private Receiver(HttpServer server) {
      this.server = server;
    }

    static Receiver start() throws IOException {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
      Receiver receiver = new Receiver(server);
      server.createContext("/", exchange -> {
        try (exchange) {
          byte[] body = exchange.getRequestBody().readAllBytes();
          receiver.started.incrementAndGet();
          int status = receiver.answer.getAsInt();
          receiver.requests.add(new Request(exchange.getRequestHeaders().getFirst("webhook-id"),
              exchange.getRequestHeaders().getFirst("webhook-timestamp"),
              exchange.getRequestHeaders().getFirst("webhook-signature"), body, status));
          exchange.sendResponseHeaders(status, -1);
        }
      });
      server.setExecutor(Executors.newFixedThreadPool(16));
      server.start();
      return receiver;
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    void answer(IntSupplier status) {
      this.answer = status;
    }

    List<Request> requests() {
      return new ArrayList<>(requests);
    }

    int started() {
      return started.get();
    }

    /** The accepted deliveries (2xx) of these accounts, in arrival order, by account. */
    Map<String, List<Request>> deliveredByAccount(List<String> accounts) {
      Map<String, List<Request>> byAccount = new LinkedHashMap<>();
      for (Request request : requests) {
        String account = request.json().get("accountId").asText();
        if (request.status() / 100 == 2 && accounts.contains(account)) {
          byAccount.computeIfAbsent(account, a -> new ArrayList<>()).add(request);
        }
      }
      return byAccount;
    }

    @Override
    public void close() {
      server.stop(0);
    }

    record Request(String id, String timestamp, String signature, byte[] body, int status) {

      String header(String name) {
        return switch (name) {
          case "webhook-id" -> id;
          case "webhook-timestamp" -> timestamp;
          case "webhook-signature" -> signature;
          default -> null;
        };
      }

      JsonNode json() {
        try {
          return Api.JSON.readTree(body);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }

      /** Standard Webhooks, computed here: one of the signatures is the secret's. */
      boolean signatureValid(String secret) {
        try {
          Mac mac = Mac.getInstance("HmacSHA256");
          mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
          mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
          String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
          return List.of(signature.split(" ")).contains(expected);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }
}
