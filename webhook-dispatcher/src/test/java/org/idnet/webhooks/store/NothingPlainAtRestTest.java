package org.idnet.webhooks.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.idnet.webhooks.delivery.domain.OutboxEvent;
import org.idnet.webhooks.delivery.store.JdbcDeliveryQueue;
import org.idnet.webhooks.delivery.store.JdbcEventIntake;
import org.idnet.webhooks.delivery.store.TargetPolicy;
import org.idnet.webhooks.endpoints.domain.EndpointRegistrar;
import org.idnet.webhooks.endpoints.domain.RevealedEndpoint;
import org.idnet.webhooks.endpoints.store.HttpEndpointUrls;
import org.idnet.webhooks.endpoints.store.JdbcEndpointStore;
import org.idnet.webhooks.support.WebhooksDatabase;
import org.junit.jupiter.api.Test;

/**
 * What someone holding a copy of the dispatcher's database reads: every row of every table as
 * text (bytea as hex, as pg_dump writes it). Neither the platforms' account ids in the events, nor
 * the endpoints' secrets (in any encoding), nor the events' bodies appear; the ciphertexts are bound
 * to their rows (one moved to another row does not decrypt).
 */
class NothingPlainAtRestTest {

  private static final String ACCOUNT = "acct-7781-zq";

  @Test
  void aDumpHoldsNoAccountIdSecretOrBody() throws Exception {
    WebhooksDatabase db = WebhooksDatabase.create();
    TargetPolicy targets = new TargetPolicy(true, host -> List.of(InetAddress.getLoopbackAddress()));
    EndpointRegistrar registrar = new EndpointRegistrar(new JdbcEndpointStore(db.app(), db.transactions(),
        db.cipher()), new HttpEndpointUrls(targets), new SecureRandom(), Clock.systemUTC());
    RevealedEndpoint endpoint = registrar.create("platform-a", "http://hooks.test/in", List.of("binding.revoked"), 0, 0,
        Optional.empty());
    RevealedEndpoint rotated = registrar.rotateSecret("platform-a", endpoint.endpoint().id());
    String body = "{\"id\":\"0d7c6f43-8a43-4a55-9c3d-1f1e2b52a3a1\",\"type\":\"binding.revoked\",\"accountId\":\""
        + ACCOUNT + "\",\"bindingRevoked\":{\"reason\":\"number-reassigned\"}}";
    intake(db).store("identity", List.of(
        new OutboxEvent(1, "platform-a", "0d7c6f43-8a43-4a55-9c3d-1f1e2b52a3a1", "binding.revoked", ACCOUNT,
            body.getBytes(StandardCharsets.UTF_8), java.time.Instant.now())), Instant.now());

    String dump = dump(db);

    List<String> forms = new ArrayList<>(List.of(ACCOUNT, "number-reassigned",
        HexFormat.of().formatHex(ACCOUNT.getBytes(StandardCharsets.UTF_8))));
    for (RevealedEndpoint e : List.of(endpoint, rotated)) {
      byte[] key = e.secret().key();
      forms.add(e.secret().reveal());
      forms.add(Base64.getEncoder().encodeToString(key));
      forms.add(HexFormat.of().formatHex(key));
    }
    assertThat(dump).contains("platform-a").contains("http://hooks.test/in");
    assertThat(forms).allSatisfy(form -> assertThat(dump.toLowerCase()).as("the dump holds %s", form)
        .doesNotContain(form.toLowerCase()));
  }

  @Test
  void aSecretMovedToAnotherEndpointDoesNotDecrypt() throws Exception {
    WebhooksDatabase db = WebhooksDatabase.create();
    TargetPolicy targets = new TargetPolicy(true, host -> List.of(InetAddress.getLoopbackAddress()));
    JdbcEndpointStore store = new JdbcEndpointStore(db.app(), db.transactions(), db.cipher());
    EndpointRegistrar registrar = new EndpointRegistrar(store, new HttpEndpointUrls(targets), new SecureRandom(),
        Clock.systemUTC());
    RevealedEndpoint mine = registrar.create("platform-a", "http://hooks.test/a", List.of("account.closed"), 0, 0,
        Optional.empty());
    RevealedEndpoint theirs = registrar.create("platform-b", "http://hooks.test/b", List.of("account.closed"), 0, 0,
        Optional.empty());
    try (Connection c = db.owner().getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE endpoints SET secret_ciphertext = (SELECT secret_ciphertext FROM endpoints WHERE id = '"
          + mine.endpoint().id() + "') WHERE id = '" + theirs.endpoint().id() + "'");
    }
    intake(db).store("identity", List.of(
        new OutboxEvent(1, "platform-b", "5b0f6a1e-0e7d-4a39-8f0c-2b2f7c1d9e11", "account.closed", "x",
            "{}".getBytes(StandardCharsets.UTF_8), java.time.Instant.now())), Instant.now());

    JdbcDeliveryQueue queue = new JdbcDeliveryQueue(db.app(), db.transactions(), db.cipher(), 16);

    assertThat(queue.claim(10, java.time.Duration.ofSeconds(5), Instant.now())).as("nothing sent").isEmpty();
    try (Connection c = db.owner().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT state, last_error FROM deliveries")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString("state")).isEqualTo("given-up");
      assertThat(rs.getString("last_error")).isEqualTo("stored event or secret does not decrypt");
    }
  }

  @Test
  void aDeliveryRowLinkingOnePlatformsEventToAnothersEndpointSendsNothing() throws Exception {
    WebhooksDatabase db = WebhooksDatabase.create();
    TargetPolicy targets = new TargetPolicy(true, host -> List.of(InetAddress.getLoopbackAddress()));
    EndpointRegistrar registrar = new EndpointRegistrar(new JdbcEndpointStore(db.app(), db.transactions(),
        db.cipher()), new HttpEndpointUrls(targets), new SecureRandom(), Clock.systemUTC());
    registrar.create("platform-a", "http://hooks.test/a", List.of("account.closed"), 0, 0, Optional.empty());
    RevealedEndpoint theirs = registrar.create("platform-b", "http://hooks.test/b", List.of("binding.revoked"), 0, 0,
        Optional.empty());
    intake(db).store("identity", List.of(new OutboxEvent(1, "platform-a", "9b2f1c3e-4d5a-4b6c-8d7e-0f1a2b3c4d5e",
        "account.closed", ACCOUNT, "{}".getBytes(StandardCharsets.UTF_8), java.time.Instant.now())), Instant.now());
    // Someone with write access to the database points platform-a's event at platform-b's endpoint.
    try (Connection c = db.owner().getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE deliveries SET endpoint_id = '" + theirs.endpoint().id() + "'");
    }

    JdbcDeliveryQueue queue = new JdbcDeliveryQueue(db.app(), db.transactions(), db.cipher(), 16);

    assertThat(queue.claim(10, java.time.Duration.ofSeconds(5), Instant.now())).isEmpty();
  }

  private static JdbcEventIntake intake(WebhooksDatabase db) {
    return new JdbcEventIntake(db.app(), db.transactions(), db.cipher(), db.accountOrder(), java.time.Duration.ofDays(7));
  }

  /** Every row of every table of the public schema, as text. */
  static String dump(WebhooksDatabase db) throws Exception {
    StringBuilder all = new StringBuilder();
    try (Connection c = db.owner().getConnection(); Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      assertThat(tables).contains("endpoints", "events", "deliveries");
      for (String table : tables) {
        try (ResultSet rs = s.executeQuery("SELECT t::text FROM \"" + table + "\" t")) {
          while (rs.next()) {
            all.append(table).append(": ").append(rs.getString(1)).append('\n');
          }
        }
      }
    }
    return all.toString();
  }
}
