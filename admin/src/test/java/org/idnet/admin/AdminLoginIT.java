package org.idnet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.idnet.stores.LocalRedis;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.representations.idm.RoleRepresentation;

/**
 * Logging in: the production realm's idnet-admin client can run every command, a wrong login or an
 * unreachable server is a clear exit 1, and bin/idnet-admin works as an operator runs it.
 */
@ExtendWith(RealKeycloak.class)
class AdminLoginIT {

  static TestNetwork net;

  @BeforeAll
  static void network(TestNetwork network) {
    net = network;
  }

  /** idnet-admin as the production realm defines it, its secret (generated at import) in a file. */
  private static Cli asIdnetAdmin(Path secretFile) throws Exception {
    Files.writeString(secretFile, net.client("idnet-admin").getSecret() + "\n");
    return net.cli.without("IDNET_KEYCLOAK_ADMIN_USER", "IDNET_KEYCLOAK_ADMIN_PASSWORD")
        .with(Map.of("IDNET_KEYCLOAK_ADMIN_CLIENT", "idnet-admin", "IDNET_KEYCLOAK_ADMIN_SECRET_FILE", secretFile.toString()));
  }

  @Test
  void theRealmsIdnetAdminClientHasTheRightsEveryCommandNeeds(@TempDir Path folder) throws Exception {
    Cli cli = asIdnetAdmin(folder.resolve("secret"));

    Cli.Run platform = cli.run("create-platform", "by-idnet-admin");
    Cli.Run agency = cli.run("create-agency", "by-idnet-admin-agency");
    Cli.Run rotated = cli.run("rotate-secret", "by-idnet-admin");
    Cli.Run disabled = cli.run("disable", "by-idnet-admin");
    Cli.Run enabled = cli.run("enable", "by-idnet-admin");

    for (Cli.Run run : List.of(platform, agency, rotated, disabled, enabled)) {
      assertThat(run.code()).as(run.toString()).isZero();
    }
    JsonNode claims = net.tokens.claims("by-idnet-admin", rotated.out().strip());
    assertThat(Tokens.strings(claims.path("realm_access").path("roles"))).containsExactly("platform");
    assertThat(net.tokens.claims("by-idnet-admin-agency-supervisor-1", agency.outLines().get(1).split(" ")[1])
        .get("agency_id").asText()).isEqualTo("by-idnet-admin-agency");
  }

  @Test
  void idnetAdminIsImportedWithItsRealmManagementRolesAndItsTokensAreNotForIdnetsApi() {
    String account = net.realm.clients().get(net.client("idnet-admin").getId()).getServiceAccountUser().getId();
    String management = net.realm.clients().findByClientId("realm-management").get(0).getId();
    assertThat(net.realm.users().get(account).roles().clientLevel(management).listAll())
        .extracting(RoleRepresentation::getName).containsExactlyInAnyOrder("manage-clients", "view-clients",
            "query-clients", "manage-users", "view-users", "query-users", "view-realm");
    JsonNode claims = net.tokens.claims("idnet-admin", net.client("idnet-admin").getSecret());
    assertThat(Tokens.strings(claims.path("aud"))).doesNotContain("idnet");
    assertThat(Tokens.strings(claims.path("realm_access").path("roles")))
        .doesNotContain("platform", "carrier", "auditor", "agency-officer", "agency-supervisor");
  }

  @Test
  void aWrongLoginExitsOneNamingTheLoginAndShowsAStackTraceOnlyWhenVerbose() {
    Cli wrong = net.cli.with(Map.of("IDNET_KEYCLOAK_ADMIN_PASSWORD", "not-the-password"));

    Cli.Run run = wrong.run("create-platform", "never-made");
    Cli.Run verbose = wrong.run("create-platform", "never-made", "--verbose");

    assertThat(run.code()).as(run.toString()).isEqualTo(1);
    assertThat(run.err()).contains("refused the admin login (user 'sandbox-admin' of realm master)")
        .contains("Invalid user credentials")
        .doesNotContain("not-the-password").doesNotContain("\tat ");
    assertThat(verbose.code()).isEqualTo(1);
    assertThat(verbose.err()).contains("\tat ");
    assertThat(net.clientIds()).doesNotContain("never-made");
  }

  @Test
  void anUnreachableKeycloakExitsOne() {
    String nowhere = "http://127.0.0.1:" + LocalRedis.freePort();
    Cli.Run run = net.cli.with(Map.of("IDNET_KEYCLOAK_URL", nowhere)).run("rotate-secret", "platform-a");

    assertThat(run.code()).as(run.toString()).isEqualTo(1);
    assertThat(run.err()).contains("cannot reach Keycloak at " + nowhere);
  }

  @Test
  void binIdnetAdminRunsThePackagedProgram() {
    Cli.Run created = net.cli.process(AdminLoginIT.class, TestNetwork.HOME, "create-platform", "from-the-script");
    Cli.Run unknown = net.cli.process(AdminLoginIT.class, TestNetwork.HOME, "disable", "not-there");
    Cli.Run help = net.cli.process(AdminLoginIT.class, TestNetwork.HOME, "--help");

    assertThat(created.code()).as(created.toString()).isZero();
    assertThat(created.outLines()).hasSize(1);
    assertThat(net.tokens.claims("from-the-script", created.out().strip()).get("azp").asText()).isEqualTo("from-the-script");
    assertThat(unknown.code()).as(unknown.toString()).isEqualTo(4);
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("create-platform", "create-agency", "rotate-secret", "disable", "enable", "denied",
        "Exit codes");
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : List.of("create-platform", "create-carrier", "create-auditor", "create-agency", "rotate-secret",
        "disable", "enable", "denied")) {
      Cli.Run run = net.cli.run(command, "--help");
      assertThat(run.code()).as(command).isZero();
      assertThat(run.out()).as(command).contains("Usage: idnet-admin " + command).contains("Exit codes");
    }
  }
}
