package org.idnet.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;
import org.idnet.webhooks.delivery.domain.AttemptLog;
import org.idnet.webhooks.delivery.domain.ClaimedDelivery;
import org.idnet.webhooks.delivery.domain.Dispatcher;
import org.idnet.webhooks.delivery.domain.OutboxEvent;
import org.idnet.webhooks.delivery.domain.RetrySchedule;
import org.idnet.webhooks.delivery.domain.SendResult;
import org.idnet.webhooks.delivery.store.HttpWebhookSender;
import org.idnet.webhooks.delivery.store.JdbcDeliveryQueue;
import org.idnet.webhooks.delivery.store.JdbcEventIntake;
import org.idnet.webhooks.delivery.store.MicrometerDeliveryMeter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.idnet.webhooks.endpoints.domain.Endpoint;
import org.idnet.webhooks.endpoints.domain.EndpointRegistrar;
import org.idnet.webhooks.endpoints.domain.RevealedEndpoint;
import org.idnet.webhooks.endpoints.store.HttpEndpointUrls;
import org.idnet.webhooks.endpoints.store.JdbcEndpointStore;
import org.idnet.webhooks.support.Receiver;
import org.idnet.webhooks.support.WebhooksDatabase;
import org.idnet.webhooks.delivery.store.TargetPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deliveries end to end below the gRPC layer: endpoints and events in a real PostgreSQL (as the
 * application role), real HTTP to receivers on loopback, signatures checked here with an HMAC of
 * the test's own (the client library's verifier checks them in its end-to-end test).
 */
class DeliveryTest {

  private static final Duration LEASE = Duration.ofSeconds(60);
  private WebhooksDatabase db;
  private JdbcEventIntake intake;
  private JdbcDeliveryQueue queue;
  private EndpointRegistrar registrar;
  private HttpWebhookSender sender;
  private TargetPolicy targets;
  private Receiver receiver;
  private final AtomicInteger lookups = new AtomicInteger();
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final MicrometerDeliveryMeter meter = new MicrometerDeliveryMeter(metrics, Clock.systemUTC(), List.of());

  @BeforeEach
  void setUp() throws Exception {
    db = WebhooksDatabase.create();
    intake = new JdbcEventIntake(db.app(), db.transactions(), db.cipher(), db.accountOrder(), Duration.ofDays(7));
    queue = new JdbcDeliveryQueue(db.app(), db.transactions(), db.cipher(), 16);
    targets = new TargetPolicy(true, host -> {
      lookups.incrementAndGet();
      if (host.equals("hooks.test")) {
        return List.of(InetAddress.getLoopbackAddress());
      }
      throw new UnknownHostException(host);
    });
    registrar = new EndpointRegistrar(new JdbcEndpointStore(db.app(), db.transactions(), db.cipher()),
        new HttpEndpointUrls(targets), new SecureRandom(), Clock.systemUTC());
    sender = new HttpWebhookSender(targets, SSLContext.getDefault(), Duration.ofSeconds(2), 4096, 20);
    receiver = Receiver.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    receiver.close();
    sender.close();
  }

  @Test
  void anEventIsPostedOnceSignedWithTheEndpointsSecretToTheCheckedAddress() throws Exception {
    RevealedEndpoint endpoint = register("platform-a", "/hooks", List.of("binding.revoked"));
    OutboxEvent event = event("platform-a", "user-1", "binding.revoked");

    assertThat(intake.store("identity", List.of(event), Instant.now())).isEqualTo(1);
    List<SendResult> results = deliverAllDue(dispatcher(schedule(Duration.ofSeconds(10))));

    assertThat(results).extracting(SendResult::status).containsExactly(204);
    Receiver.Request request = receiver.requests().getFirst();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/hooks");
    assertThat(request.header("Content-Type")).startsWith("application/json");
    assertThat(request.header("webhook-id")).isEqualTo(event.eventId());
    assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo(new String(event.body(),
        StandardCharsets.UTF_8));
    assertThat(request.header("webhook-signature")).isEqualTo("v1," + sign(endpoint.secret().reveal(),
        request.header("webhook-id"), request.header("webhook-timestamp"), request.body()));
    assertThat(Long.parseLong(request.header("webhook-timestamp")))
        .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(5L));
    assertThat(claimDue()).as("nothing left to send").isEmpty();
  }

  @Test
  void storingTheSameEventsAgainCreatesNoSecondDelivery() {
    register("platform-a", "/hooks", List.of("binding.revoked", "account.closed"));
    register("platform-a", "/other", List.of("account.closed"));
    register("platform-b", "/hooks", List.of("account.closed"));
    List<OutboxEvent> events = List.of(event("platform-a", "u1", "binding.revoked"),
        event("platform-a", "u1", "account.closed"), event("platform-a", "u2", "account.verification_changed"));

    int first = intake.store("identity", events, Instant.now());
    int again = intake.store("identity", events, Instant.now());

    assertThat(first).as("binding.revoked to one endpoint, account.closed to two of platform-a; none unsubscribed")
        .isEqualTo(3);
    assertThat(again).isZero();
  }

  @Test
  void aFailingReceiverIsRetriedWithTheSameIdUntilItRecovers() throws Exception {
    register("platform-a", "/hooks", List.of("account.closed"));
    OutboxEvent event = event("platform-a", "u1", "account.closed");
    intake.store("identity", List.of(event), Instant.now());
    AtomicInteger calls = new AtomicInteger();
    receiver.answer(() -> calls.incrementAndGet() <= 2 ? 500 : 200);
    Dispatcher dispatcher = dispatcher(schedule(Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(50)));

    List<SendResult> results = new ArrayList<>();
    for (int turn = 0; turn < 50 && (results.isEmpty() || !results.getLast().delivered()); turn++) {
      results.addAll(deliverAllDue(dispatcher));
      Thread.sleep(30);
    }

    assertThat(results).extracting(SendResult::status).containsExactly(500, 500, 200);
    assertThat(receiver.requests()).extracting(r -> r.header("webhook-id"))
        .containsExactly(event.eventId(), event.eventId(), event.eventId());
    assertThat(registrar.list("platform-a").getFirst().disabledAt()).isEmpty();
    assertThat(metrics.counter("idnet.webhook.deliveries", "outcome", "retried").count()).isEqualTo(2);
    assertThat(metrics.counter("idnet.webhook.deliveries", "outcome", "delivered").count()).isEqualTo(1);
  }

  @Test
  void aDeliveryThatFailsToTheEndIsGivenUpAndItsEndpointDisabledUntilTheSecretIsRotated() throws Exception {
    RevealedEndpoint endpoint = register("platform-a", "/hooks", List.of("account.closed"));
    intake.store("identity", List.of(event("platform-a", "u1", "account.closed")), Instant.now());
    receiver.answer(() -> 503);
    Dispatcher dispatcher = dispatcher(schedule(Duration.ofMillis(20)));

    deliverAllDue(dispatcher);
    Thread.sleep(60);
    deliverAllDue(dispatcher);
    Endpoint disabled = registrar.list("platform-a").getFirst();
    intake.store("identity", List.of(event("platform-a", "u1", "account.closed")), Instant.now());

    assertThat(receiver.requests()).hasSize(2);
    assertThat(disabled.disabledAt()).isPresent();
    assertThat(disabled.disabledReason()).hasValueSatisfying(reason -> assertThat(reason)
        .contains("2 attempts").contains("HTTP 503"));
    assertThat(claimDue()).as("a disabled endpoint gets nothing").isEmpty();
    assertThat(metrics.counter("idnet.webhook.endpoints.disabled").count()).isEqualTo(1);

    receiver.answer(() -> 200);
    RevealedEndpoint rotated = registrar.rotateSecret("platform-a", endpoint.endpoint().id());
    List<SendResult> after = deliverAllDue(dispatcher);

    assertThat(rotated.endpoint().disabledAt()).isEmpty();
    assertThat(rotated.secret()).isNotEqualTo(endpoint.secret());
    assertThat(after).extracting(SendResult::status).as("the given-up delivery, then the next one, in order")
        .containsExactly(200);
    assertThat(deliverAllDue(dispatcher)).extracting(SendResult::status).containsExactly(200);
    Receiver.Request last = receiver.requests().getLast();
    assertThat(last.header("webhook-signature")).as("both secrets sign for a day after the rotation")
        .isEqualTo("v1," + sign(rotated.secret().reveal(), last.header("webhook-id"), last.header("webhook-timestamp"),
            last.body()) + " v1," + sign(endpoint.secret().reveal(), last.header("webhook-id"),
            last.header("webhook-timestamp"), last.body()));
  }

  @Test
  void oneAccountsEventsGoInOrderAndTheNextWaitsForTheOneBefore() throws Exception {
    register("platform-a", "/hooks", List.of("account.verification_changed", "binding.revoked"));
    OutboxEvent first = event("platform-a", "u1", "binding.revoked");
    OutboxEvent second = event("platform-a", "u1", "account.verification_changed");
    OutboxEvent otherAccount = event("platform-a", "u2", "account.verification_changed");
    intake.store("identity", List.of(first, second, otherAccount), Instant.now());

    List<ClaimedDelivery> claimed = claimDue();

    assertThat(claimed).extracting(ClaimedDelivery::eventId).as("u1's second waits for its first")
        .containsExactly(first.eventId(), otherAccount.eventId());
    queue.retry(claimed.get(0).id(), claimed.get(0).attempt(), 500, "HTTP 500", Instant.now().minusSeconds(1));
    queue.delivered(claimed.get(1).id(), claimed.get(1).attempt(), 200, Instant.now());
    assertThat(claimDue()).extracting(ClaimedDelivery::eventId).as("still u1's first: it has not been delivered")
        .containsExactly(first.eventId());
  }

  @Test
  void anEndpointNeverHasMoreDeliveriesInFlightThanItsLimit() {
    registrar.create("platform-a", receiver.url("/slow"), List.of("account.closed"), 2, 0, Optional.empty());
    List<OutboxEvent> events = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      events.add(event("platform-a", "u" + i, "account.closed"));
    }
    intake.store("identity", events, Instant.now());

    List<ClaimedDelivery> first = claimDue();
    List<ClaimedDelivery> second = claimDue();
    queue.delivered(first.getFirst().id(), first.getFirst().attempt(), 200, Instant.now());
    List<ClaimedDelivery> third = claimDue();

    assertThat(first).hasSize(2);
    assertThat(second).as("two in flight already").isEmpty();
    assertThat(third).as("one came free").hasSize(1);
  }

  @Test
  void aDeliveryWhoseDispatcherDiedIsClaimedAgainAfterItsLeaseWithTheSameEventId() throws Exception {
    registrar.create("platform-a", receiver.url("/hooks"), List.of("account.closed"), 0, 1, Optional.empty());
    OutboxEvent event = event("platform-a", "u1", "account.closed");
    intake.store("identity", List.of(event), Instant.now());

    // A replica claims it and dies before sending: nothing is recorded. Its lease: the endpoint's
    // timeout (1 s) and the margin.
    List<ClaimedDelivery> lost = queue.claim(10, Duration.ofMillis(300), Instant.now());
    List<ClaimedDelivery> meanwhile = claimDue();
    // Well past the lease (1.3 s), so a slow machine does not claim a moment too early.
    Thread.sleep(2500);
    JdbcDeliveryQueue otherReplica = new JdbcDeliveryQueue(db.app(), db.transactions(), db.cipher(), 16);
    List<ClaimedDelivery> again = otherReplica.claim(10, LEASE, Instant.now());

    assertThat(lost).hasSize(1);
    assertThat(meanwhile).as("leased to the first replica").isEmpty();
    assertThat(again).singleElement().satisfies(d -> {
      assertThat(d.eventId()).isEqualTo(event.eventId());
      assertThat(d.id()).isEqualTo(lost.getFirst().id());
      assertThat(d.attempt()).isEqualTo(2);
    });
  }

  @Test
  void aHostThatNowResolvesToAPrivateAddressIsNotCalled() throws Exception {
    TargetPolicy strict = new TargetPolicy(false, host -> List.of(InetAddress.getByName("203.0.114.7")));
    EndpointRegistrar production = new EndpointRegistrar(new JdbcEndpointStore(db.app(), db.transactions(),
        db.cipher()), new HttpEndpointUrls(strict), new SecureRandom(), Clock.systemUTC());
    production.create("platform-a", "https://hooks.example.com/in", List.of("account.closed"), 0, 0,
        Optional.empty());
    intake.store("identity", List.of(event("platform-a", "u1", "account.closed")), Instant.now());
    // Rebinding: the name now points at this machine.
    TargetPolicy rebound = new TargetPolicy(false, host -> List.of(InetAddress.getLoopbackAddress()));
    HttpWebhookSender reboundSender = new HttpWebhookSender(rebound, SSLContext.getDefault(), Duration.ofSeconds(2),
        4096, 20);
    Dispatcher dispatcher = new Dispatcher(queue, reboundSender, schedule(Duration.ofSeconds(10)), LEASE,
        meter, AttemptLog.NONE, Clock.systemUTC());

    List<SendResult> results = deliverAllDue(dispatcher);

    assertThat(results).singleElement().satisfies(r -> {
      assertThat(r.delivered()).isFalse();
      assertThat(r.error()).startsWith("refused:").contains("public addresses only");
    });
    assertThat(receiver.requests()).isEmpty();
  }

  @Test
  void theSenderNeverLooksTheHostUpItself() throws Exception {
    register("platform-a", "/hooks", List.of("account.closed"));
    intake.store("identity", List.of(event("platform-a", "u1", "account.closed")), Instant.now());
    int before = lookups.get();

    List<SendResult> results = deliverAllDue(dispatcher(schedule(Duration.ofSeconds(10))));

    // hooks.test exists only in the test's resolver: had HttpClient resolved it again, it would
    // have failed; the connection went to the address the policy checked.
    assertThat(results).extracting(SendResult::status).containsExactly(204);
    assertThat(lookups.get() - before).as("one look-up, the policy's").isEqualTo(1);
  }

  private RevealedEndpoint register(String platform, String path, List<String> types) {
    return registrar.create(platform, receiver.url(path), types, 0, 0, Optional.empty());
  }

  private Dispatcher dispatcher(RetrySchedule schedule) {
    return new Dispatcher(queue, sender, schedule, LEASE, meter, AttemptLog.NONE,
        Clock.systemUTC());
  }

  private List<ClaimedDelivery> claimDue() {
    return queue.claim(100, LEASE, Instant.now());
  }

  private static List<SendResult> deliverAllDue(Dispatcher dispatcher) {
    List<SendResult> results = new ArrayList<>();
    for (ClaimedDelivery delivery : dispatcher.claim(100)) {
      results.add(dispatcher.deliver(delivery));
    }
    return results;
  }

  private static RetrySchedule schedule(Duration... waits) {
    return new RetrySchedule(List.of(waits), RandomGenerator.getDefault());
  }

  private static final AtomicInteger POSITIONS = new AtomicInteger();

  static OutboxEvent event(String platform, String account, String type) {
    String id = UUID.randomUUID().toString();
    String body = "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"accountId\":\"" + account + "\"}";
    return new OutboxEvent(POSITIONS.incrementAndGet(), platform, id, type, account,
        body.getBytes(StandardCharsets.UTF_8), java.time.Instant.now());
  }

  /** Standard Webhooks, computed independently of the code under test. */
  static String sign(String secret, String id, String timestamp, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
    mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().encodeToString(mac.doFinal(body));
  }
}
