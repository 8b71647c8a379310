package org.idnet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.idnet.admin.denylist.RedisDenyList;
import org.idnet.keycloak.realm.DevelopmentRealm;
import org.idnet.keycloak.server.KeycloakServer;
import org.idnet.stores.LocalRedis;
import org.idnet.stores.TestStores;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Real Keycloak (the distribution the build unpacked, in a folder of its own, the development realm
 * imported, on free ports) and a Redis of its own for the gateways' deny-list; plus what the tests
 * read them with: Keycloak's admin API as the master admin, its token endpoint, and Redis.
 */
final class TestNetwork implements AutoCloseable {

  static final Path HOME = Path.of(System.getProperty("idnet.home", "..")).toAbsolutePath().normalize();
  /** Where the output of the processes the tests start goes (the build's log scan reads it). */
  static final Path PROCESS_LOGS = Path.of(System.getProperty("idnet.process-logs", "target/process-logs"))
      .toAbsolutePath();
  static final String ADMIN = "sandbox-admin";
  static final String ADMIN_PASSWORD = "sandbox-admin-password";

  final Path instance;
  final KeycloakServer server;
  final LocalRedis redis;
  final Keycloak admin;
  final RealmResource realm;
  final Tokens tokens;
  /** idnet-admin in this JVM, logged in as the master admin, with this network's Keycloak and Redis. */
  final Cli cli;

  private TestNetwork(Path instance, KeycloakServer server, LocalRedis redis) {
    this.instance = instance;
    this.server = server;
    this.redis = redis;
    this.admin = Keycloak.getInstance(server.url(), "master", ADMIN, ADMIN_PASSWORD, "admin-cli");
    this.realm = admin.realm("idnet");
    this.tokens = new Tokens(server.tokenEndpoint());
    this.cli = new Cli(Map.of("IDNET_KEYCLOAK_URL", server.url(), "IDNET_KEYCLOAK_ADMIN_USER", ADMIN,
        "IDNET_KEYCLOAK_ADMIN_PASSWORD", ADMIN_PASSWORD, "IDNET_REDIS_URL", redis.uri()));
  }

  static TestNetwork start() throws Exception {
    Path instance = Files.createTempDirectory("idnet-admin-it");
    Instant started = Instant.now();
    KeycloakServer server = KeycloakServer.start(new KeycloakServer.Settings(HOME, instance,
        Path.of(System.getProperty("java.home")), LocalRedis.freePort(), LocalRedis.freePort(),
        DevelopmentRealm.fromClasspath(), ADMIN, ADMIN_PASSWORD, "384m"), Duration.ofSeconds(240),
        PROCESS_LOGS.resolve("TestNetwork-keycloak.log"));
    System.out.println("Keycloak " + KeycloakServer.version() + " ready in "
        + Duration.between(started, Instant.now()).toSeconds() + " s at " + server.url());
    return new TestNetwork(instance, server, TestStores.dedicatedRedis());
  }

  /** A client of the realm as Keycloak holds it, with its current secret. */
  ClientRepresentation client(String clientId) {
    List<ClientRepresentation> found = realm.clients().findByClientId(clientId);
    assertThat(found).as(clientId).hasSize(1);
    ClientRepresentation client = realm.clients().get(found.get(0).getId()).toRepresentation();
    client.setSecret(realm.clients().get(client.getId()).getSecret().getValue());
    return client;
  }

  List<String> clientIds() {
    return realm.clients().findAll().stream().map(ClientRepresentation::getClientId).sorted().toList();
  }

  List<String> usernames() {
    return realm.users().list(0, 10_000).stream().map(UserRepresentation::getUsername).sorted().toList();
  }

  /** The deny-list's members. */
  List<String> denied() {
    RedisClient client = RedisClient.create(redis.uri());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      return connection.sync().smembers(RedisDenyList.KEY).stream().sorted().toList();
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
  }

  @Override
  public void close() throws Exception {
    try (admin; server; redis) {
      System.out.println("stopping Keycloak at " + server.url());
    } finally {
      try (Stream<Path> files = Files.walk(instance)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
