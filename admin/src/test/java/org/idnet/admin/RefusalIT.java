package org.idnet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.resource.RoleResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;

/** Bad input, existing ids, and real failures half-way: the right exit code, a message, nothing left behind. */
@ExtendWith(RealKeycloak.class)
class RefusalIT {

  static TestNetwork net;

  @BeforeAll
  static void network(TestNetwork network) {
    net = network;
  }

  @Test
  void badInputExitsTwoWithAMessageAndCreatesNothing() {
    List<String> before = net.clientIds();
    List<List<String>> bad = List.of(
        List.of("create-platform", "Bad_Id"), List.of("create-platform", "x"), List.of("create-platform", "-acme"),
        List.of("create-platform", "acme-"), List.of("create-platform", "a".repeat(64)),
        List.of("create-platform", "admin-cli"), List.of("create-carrier", "realm-management"),
        List.of("create-auditor", "idnet-admin"), List.of("create-platform"), List.of("create-platform", "ok-id", "extra"),
        List.of("create-platform", "ok-id", "--colour", "red"), List.of("create-agency", "fine", "--officers", "0"),
        List.of("create-agency", "fine", "--supervisors", "many"), List.of("create-agency", "a".repeat(55)),
        List.of("disable", "UPPER"), List.of("rotate-secret", "broker"), List.of("launch-rockets"), List.of(),
        List.of("create-platform", "ok-id", "--keycloak-url", "ftp://example"),
        List.of("create-platform", "ok-id", "--keycloak-url", "http://sso.example:8080"),
        List.of("create-platform", "ok-id", "--realm", "../master"),
        List.of("disable", "ok-id", "--redis-url", "redis://:hunter2@localhost:1"));
    for (List<String> args : bad) {
      Cli.Run run = net.cli.run(args.toArray(String[]::new));
      assertThat(run.code()).as(args + ": " + run).isEqualTo(2);
      assertThat(run.out()).as(args.toString()).isEmpty();
      assertThat(run.err()).as(args.toString()).startsWith("idnet-admin: ").doesNotContain("\tat ");
    }
    assertThat(net.cli.run("create-platform", "Bad_Id").err()).contains("invalid client id 'Bad_Id'");
    assertThat(net.cli.run("create-platform", "admin-cli").err()).contains("reserved");
    assertThat(net.cli.run("create-agency", "a".repeat(55)).err()).contains("too long");
    assertThat(net.cli.run("disable", "ok-id", "--redis-url", "redis://:hunter2@localhost:1").err())
        .contains("IDNET_REDIS_URL").doesNotContain("hunter2");
    assertThat(net.cli.run("rotate-secret", "ok-id", "--keycloak-url", "http://sso.example:8080").err())
        .contains("refusing plain http to sso.example").contains("https://");
    for (List<String> args : List.of(List.of("create-platform", "ok-id"), List.of("disable", "ok-id"), List.of("denied"))) {
      Cli.Run clear = net.cli.with(Map.of("IDNET_REDIS_URL", "redis://:hunter2@redis.example:6379"))
          .run(args.toArray(String[]::new));
      Cli.Run malformed = net.cli.with(Map.of("IDNET_REDIS_URL", "rediss://:s3cr et@redis:6379"))
          .run(args.toArray(String[]::new));
      assertThat(clear.code()).as(clear.toString()).isEqualTo(2);
      assertThat(clear.err()).contains("refusing redis:// with a password to redis.example:6379").contains("rediss://")
          .doesNotContain("hunter2");
      assertThat(malformed.code()).as(malformed.toString()).isEqualTo(2);
      assertThat(malformed.out() + malformed.err()).contains("malformed").doesNotContain("s3cr");
    }
    Cli.Run noLogin = net.cli.without("IDNET_KEYCLOAK_ADMIN_USER").run("create-platform", "no-login");
    assertThat(noLogin.code()).isEqualTo(2);
    assertThat(noLogin.err()).contains("no admin login").contains("IDNET_KEYCLOAK_ADMIN_CLIENT");
    assertThat(net.clientIds()).isEqualTo(before);
  }

  @Test
  void anExistingIdExitsThreeAndCreatesNothing() {
    assertThat(net.cli.run("create-platform", "taken").code()).isZero();
    String secret = net.client("taken").getSecret();
    assertThat(net.cli.run("create-platform", "taken-agency-officer-2").code()).isZero();
    List<String> before = net.clientIds();

    Cli.Run again = net.cli.run("create-platform", "taken");
    Cli.Run imported = net.cli.run("create-carrier", "platform-a");
    Cli.Run overlapping = net.cli.run("create-agency", "taken-agency", "--officers", "3");

    assertThat(again.code()).as(again.toString()).isEqualTo(3);
    assertThat(again.err()).contains("'taken' already exists");
    assertThat(imported.code()).as(imported.toString()).isEqualTo(3);
    assertThat(overlapping.code()).as(overlapping.toString()).isEqualTo(3);
    assertThat(overlapping.err()).contains("taken-agency-officer-2 already exist");
    assertThat(overlapping.out()).isEmpty();
    assertThat(net.client("taken").getSecret()).as("the existing client is untouched").isEqualTo(secret);
    assertThat(net.clientIds()).isEqualTo(before);
  }

  @Test
  void anAgencyIsCreatedAllOrNothingWhenALaterClientFails() {
    List<String> clients = net.clientIds();
    List<String> users = net.usernames();
    // A realm without the supervisors' role: the officers are created, the first supervisor fails.
    RoleResource role = net.realm.roles().get("agency-supervisor");
    RoleRepresentation renamed = role.toRepresentation();
    renamed.setName("agency-supervisor-renamed-by-test");
    role.update(renamed);
    Cli.Run run;
    try {
      run = net.cli.run("create-agency", "customs", "--officers", "2", "--supervisors", "1");
    } finally {
      RoleRepresentation back = net.realm.roles().get("agency-supervisor-renamed-by-test").toRepresentation();
      back.setName("agency-supervisor");
      net.realm.roles().get("agency-supervisor-renamed-by-test").update(back);
    }

    assertThat(run.code()).as(run.toString()).isEqualTo(1);
    assertThat(run.err()).contains("agency 'customs' not created")
        .contains("removed again: customs-officer-2, customs-officer-1")
        .contains("has no role 'agency-supervisor'").doesNotContain("\tat ");
    assertThat(run.out()).as("no secret of a removed client").isEmpty();
    assertThat(net.clientIds()).isEqualTo(clients);
    assertThat(net.usernames()).as("no service account left").isEqualTo(users);
  }

  @Test
  void aClientWhoseRoleCannotBeGrantedIsRemovedAgain() {
    // An admin client that may manage clients but not users: creating works, granting the role does not.
    String limited = limitedAdmin();
    List<String> clients = net.clientIds();
    List<String> users = net.usernames();

    Cli.Run run = net.cli.without("IDNET_KEYCLOAK_ADMIN_USER", "IDNET_KEYCLOAK_ADMIN_PASSWORD")
        .with(Map.of("IDNET_KEYCLOAK_ADMIN_CLIENT", "limited-admin", "IDNET_KEYCLOAK_ADMIN_SECRET", limited))
        .run("create-platform", "half-made");

    assertThat(run.code()).as(run.toString()).isEqualTo(1);
    assertThat(run.err()).contains("'half-made' not created (removed again)").contains("403")
        .contains("manage-users").doesNotContain(limited);
    assertThat(run.out()).isEmpty();
    assertThat(net.clientIds()).isEqualTo(clients);
    assertThat(net.usernames()).isEqualTo(users);
  }

  /** Creates client limited-admin with manage-clients but without manage-users; returns its secret. */
  private static String limitedAdmin() {
    ClientRepresentation rep = new ClientRepresentation();
    rep.setClientId("limited-admin");
    rep.setPublicClient(false);
    rep.setServiceAccountsEnabled(true);
    rep.setStandardFlowEnabled(false);
    String id;
    try (Response response = net.realm.clients().create(rep)) {
      id = CreatedResponseUtil.getCreatedId(response);
    }
    String management = net.realm.clients().findByClientId("realm-management").get(0).getId();
    String account = net.realm.clients().get(id).getServiceAccountUser().getId();
    List<RoleRepresentation> roles = List.of("manage-clients", "view-clients", "query-clients", "view-users", "view-realm")
        .stream().map(r -> net.realm.clients().get(management).roles().get(r).toRepresentation()).toList();
    net.realm.users().get(account).roles().clientLevel(management).add(roles);
    return net.realm.clients().get(id).getSecret().getValue();
  }
}
