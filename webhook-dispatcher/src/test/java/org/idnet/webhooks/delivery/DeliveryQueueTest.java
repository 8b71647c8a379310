package org.idnet.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.idnet.webhooks.delivery.domain.ClaimedDelivery;
import org.idnet.webhooks.delivery.domain.OutboxEvent;
import org.idnet.webhooks.delivery.store.JdbcDeliveryQueue;
import org.idnet.webhooks.delivery.store.JdbcEventIntake;
import org.idnet.webhooks.delivery.store.TargetPolicy;
import org.idnet.webhooks.endpoints.domain.EndpointRegistrar;
import org.idnet.webhooks.endpoints.domain.RevealedEndpoint;
import org.idnet.webhooks.endpoints.store.HttpEndpointUrls;
import org.idnet.webhooks.endpoints.store.JdbcEndpointStore;
import org.idnet.webhooks.support.WebhooksDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The queue's rules in a real PostgreSQL, with no HTTP: fairness between endpoints and platforms,
 * the lease as a fencing token, and what is purged.
 */
class DeliveryQueueTest {

  private static final Duration MARGIN = Duration.ofSeconds(60);
  private WebhooksDatabase db;
  private JdbcEventIntake intake;
  private JdbcDeliveryQueue queue;
  private EndpointRegistrar registrar;

  @BeforeEach
  void setUp() {
    db = WebhooksDatabase.create();
    intake = new JdbcEventIntake(db.app(), db.transactions(), db.cipher(), db.accountOrder(), Duration.ofDays(7));
    queue = new JdbcDeliveryQueue(db.app(), db.transactions(), db.cipher(), 6);
    registrar = new EndpointRegistrar(new JdbcEndpointStore(db.app(), db.transactions(), db.cipher()),
        new HttpEndpointUrls(new TargetPolicy(true, host -> List.of(InetAddress.getLoopbackAddress()))),
        new SecureRandom(), Clock.systemUTC());
  }

  @Test
  void aBusyEndpointWithALongBacklogNeverHidesTheOthersDeliveries() {
    RevealedEndpoint busy = endpoint("platform-a", "account.closed", 1);
    RevealedEndpoint other = endpoint("platform-b", "account.closed", 5);
    List<OutboxEvent> backlog = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      backlog.add(event("platform-a", "a" + i));
    }
    intake.store("identity", backlog, Instant.now().minusSeconds(60));
    intake.store("identity", List.of(event("platform-b", "b1"), event("platform-b", "b2")), Instant.now());

    List<ClaimedDelivery> first = queue.claim(4, MARGIN, Instant.now());
    List<ClaimedDelivery> second = queue.claim(4, MARGIN, Instant.now());

    assertThat(first).extracting(ClaimedDelivery::endpointId)
        .containsExactlyInAnyOrder(busy.endpoint().id(), other.endpoint().id(), other.endpoint().id());
    assertThat(second).as("the busy endpoint is at its limit; the other's are all claimed").isEmpty();
  }

  @Test
  void onePlatformsEndpointsTogetherStayWithinThePlatformsLimit() {
    for (int i = 0; i < 3; i++) {
      endpoint("platform-a", "account.closed", 20);
    }
    List<OutboxEvent> events = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      events.add(event("platform-a", "a" + i));
    }
    intake.store("identity", events, Instant.now());

    List<ClaimedDelivery> claimed = queue.claim(100, MARGIN, Instant.now());
    List<ClaimedDelivery> more = queue.claim(100, MARGIN, Instant.now());

    assertThat(claimed).as("30 due, 60 free slots on the endpoints, 6 for the platform").hasSize(6);
    assertThat(more).isEmpty();
    queue.delivered(claimed.getFirst().id(), claimed.getFirst().attempt(), 200, Instant.now());
    assertThat(queue.claim(100, MARGIN, Instant.now())).hasSize(1);
  }

  @Test
  void aReplicaThatOverranItsLeaseCannotRecordOverTheNextHolder() throws Exception {
    endpoint("platform-a", "account.closed", 5);
    intake.store("identity", List.of(event("platform-a", "a1")), Instant.now().minusSeconds(120));
    Instant start = Instant.now();
    ClaimedDelivery late = queue.claim(10, Duration.ofMillis(1), start.minusSeconds(60)).getFirst();
    // Its lease (timeout 1 s + margin) ran out long ago: another replica claims the delivery.
    ClaimedDelivery current = queue.claim(10, MARGIN, start).getFirst();

    queue.giveUp(late.id(), late.attempt(), 500, "HTTP 500", "late", start);
    queue.retry(late.id(), late.attempt(), 500, "HTTP 500", start);
    queue.delivered(late.id(), late.attempt(), 200, start);

    assertThat(current.id()).isEqualTo(late.id());
    assertThat(current.attempt()).isEqualTo(late.attempt() + 1);
    assertThat(row(late.id())).isEqualTo(Map.of("state", "pending", "leased", "true", "disabled", "false"));
    queue.delivered(current.id(), current.attempt(), 200, start);
    assertThat(row(late.id())).containsEntry("state", "delivered");
  }

  @Test
  void purgeGivesUpTheBacklogOfLongDisabledEndpointsAndDropsOldSecretsAndFinishedRows() throws Exception {
    RevealedEndpoint endpoint = endpoint("platform-a", "account.closed", 5);
    intake.store("identity", List.of(event("platform-a", "a1"), event("platform-a", "a2")), Instant.now());
    ClaimedDelivery done = queue.claim(1, MARGIN, Instant.now()).getFirst();
    queue.delivered(done.id(), done.attempt(), 200, Instant.now().minus(Duration.ofDays(8)));
    registrar.rotateSecret("platform-a", endpoint.endpoint().id());
    try (Connection c = db.owner().getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE endpoints SET disabled_at = now() - interval '8 days', disabled_reason = 'test',"
          + " previous_secret_until = now() - interval '1 hour'");
    }

    int purged = queue.purge(Instant.now().minus(Duration.ofDays(7)), Instant.now());

    assertThat(purged).as("the delivered row, finished 8 days ago").isEqualTo(1);
    assertThat(count("SELECT count(*) FROM deliveries WHERE state = 'given-up'"
        + " AND last_error = 'endpoint disabled for longer than the retention'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM endpoints WHERE previous_secret_ciphertext IS NOT NULL")).isZero();
    intake.store("identity", List.of(event("platform-a", "a3")), Instant.now());
    assertThat(count("SELECT count(*) FROM deliveries")).as("nothing queued for a long-disabled endpoint")
        .isEqualTo(1);
  }

  @Test
  void theQueueAnalyzesItselfWhenItChangedMuchSoThePlannerSeesItsSize() throws Exception {
    endpoint("platform-a", "account.closed", 5);
    List<OutboxEvent> events = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      events.add(event("platform-a", "a" + i));
    }
    intake.exclusively("identity", () -> intake.store("identity", events, Instant.now()));
    // PostgreSQL publishes a backend's table counters at most once a second.
    Thread.sleep(1500);

    queue.keepStatisticsCurrent();

    assertThat(count("SELECT reltuples::bigint FROM pg_class WHERE relname = 'deliveries'"))
        .as("the planner's estimate after ANALYZE, run by the application role").isEqualTo(1500);
  }

  private RevealedEndpoint endpoint(String platform, String type, int maxInFlight) {
    return registrar.create(platform, "http://hooks.test/" + UUID.randomUUID(), List.of(type), maxInFlight, 1,
        Optional.empty());
  }

  private static OutboxEvent event(String platform, String account) {
    String id = UUID.randomUUID().toString();
    return new OutboxEvent(1, platform, id, "account.closed", account, ("{\"id\":\"" + id + "\"}")
        .getBytes(StandardCharsets.UTF_8), java.time.Instant.now());
  }

  private Map<String, String> row(long id) throws Exception {
    try (Connection c = db.owner().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT d.state, d.lease_until > now() AS leased, e.disabled_at IS NOT NULL AS"
            + " disabled FROM deliveries d JOIN endpoints e ON e.id = d.endpoint_id WHERE d.id = " + id)) {
      rs.next();
      return Map.of("state", rs.getString("state"), "leased", String.valueOf(rs.getBoolean("leased")),
          "disabled", String.valueOf(rs.getBoolean("disabled")));
    }
  }

  private long count(String sql) throws Exception {
    try (Connection c = db.owner().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
