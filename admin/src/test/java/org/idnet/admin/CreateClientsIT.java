package org.idnet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;

/** create-platform, create-carrier, create-auditor, create-agency and rotate-secret on real Keycloak. */
@ExtendWith(RealKeycloak.class)
class CreateClientsIT {

  static TestNetwork net;

  @BeforeAll
  static void network(TestNetwork network) {
    net = network;
  }

  @Test
  void createPlatformPrintsOnlyItsSecretAndItsTokensCarryAzpAudienceRoleAndName() {
    Cli.Run run = net.cli.run("create-platform", "acme-social", "--name", "Acme Social");

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.outLines()).as("stdout holds the secret alone").hasSize(1);
    String secret = run.outLines().get(0);
    assertThat(secret).hasSizeGreaterThanOrEqualTo(32);
    assertThat(run.err()).contains("acme-social").doesNotContain(secret);
    assertThat(net.tokens.issue("acme-social", secret).has("refresh_token")).as("no refresh token").isFalse();
    JsonNode claims = net.tokens.claims("acme-social", secret);
    assertThat(claims.get("azp").asText()).isEqualTo("acme-social");
    assertThat(Tokens.strings(claims.path("aud"))).containsExactly("idnet");
    assertThat(Tokens.strings(claims.path("realm_access").path("roles"))).containsExactly("platform");
    assertThat(claims.get("preferred_username").asText()).isEqualTo("service-account-acme-social");
    assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isLessThanOrEqualTo(300);
    assertThat(claims.has("agency_id")).isFalse();
    assertThat(net.client("acme-social").getName()).isEqualTo("Acme Social");
  }

  @Test
  void aCreatedClientIsConfiguredAsTheDevelopmentRealmsClientsAre() {
    assertThat(net.cli.run("create-platform", "like-the-realm").code()).isZero();

    ClientRepresentation created = net.client("like-the-realm");
    for (ClientRepresentation client : List.of(created, net.client("platform-a"))) {
      assertThat(client.isPublicClient()).isFalse();
      assertThat(client.isServiceAccountsEnabled()).isTrue();
      assertThat(client.isStandardFlowEnabled()).isFalse();
      assertThat(client.isImplicitFlowEnabled()).isFalse();
      assertThat(client.isDirectAccessGrantsEnabled()).isFalse();
      assertThat(client.isFullScopeAllowed()).as("tokens list only the roles the idnet scope maps").isFalse();
      assertThat(client.getDefaultClientScopes()).containsExactly("idnet");
      assertThat(client.getOptionalClientScopes()).isEmpty();
      assertThat(client.getAttributes()).containsAllEntriesOf(Map.of("use.refresh.tokens", "false",
          "client_credentials.use_refresh_token", "false", "oauth2.device.authorization.grant.enabled", "false",
          "oidc.ciba.grant.enabled", "false"));
    }
    // Keycloak gives a new user the realm's default role, which it makes a composite of offline_access and
    // uma_authorization at import whatever the realm file says: tokens would list all three.
    for (ClientRepresentation client : List.of(created, net.client("platform-a"))) {
      String account = net.realm.clients().get(client.getId()).getServiceAccountUser().getId();
      assertThat(net.realm.users().get(account).roles().realmLevel().listEffective()).extracting(RoleRepresentation::getName)
          .as("the API role only, not the realm's default role").containsExactly("platform");
    }
  }

  @Test
  void aTokenListsTheApiRoleAloneWhateverElseTheServiceAccountIsGranted() {
    String secret = net.cli.run("create-platform", "over-granted").out().strip();
    String account = net.realm.clients().get(net.client("over-granted").getId()).getServiceAccountUser().getId();
    // Someone grants the realm's default role (offline_access, uma_authorization) in the admin console.
    net.realm.users().get(account).roles().realmLevel().add(List.of(net.realm.roles().get("offline_access").toRepresentation(),
        net.realm.roles().get("default-roles-idnet").toRepresentation()));

    JsonNode claims = net.tokens.claims("over-granted", secret);

    assertThat(Tokens.strings(claims.path("realm_access").path("roles"))).containsExactly("platform");
    assertThat(Tokens.strings(claims.path("aud"))).containsExactly("idnet");
  }

  @Test
  void createCarrierAndCreateAuditorGiveTheirRoles() {
    Cli.Run carrier = net.cli.run("create-carrier", "viet-mobile");
    Cli.Run auditor = net.cli.run("create-auditor", "oversight-board");

    assertThat(carrier.code()).as(carrier.toString()).isZero();
    assertThat(auditor.code()).as(auditor.toString()).isZero();
    assertThat(Tokens.strings(net.tokens.claims("viet-mobile", carrier.out().strip()).path("realm_access").path("roles")))
        .containsExactly("carrier");
    assertThat(Tokens.strings(net.tokens.claims("oversight-board", auditor.out().strip()).path("realm_access").path("roles")))
        .containsExactly("auditor");
  }

  @Test
  void createAgencyPrintsEachClientAndSecretOnceAndTheirTokensCarryTheAgency() {
    Cli.Run run = net.cli.run("create-agency", "police-hn", "--officers", "2", "--supervisors", "1");

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.outLines()).extracting(line -> line.split(" ")[0])
        .containsExactly("police-hn-officer-1", "police-hn-officer-2", "police-hn-supervisor-1");
    Map<String, String> roles = Map.of("police-hn-officer-1", "agency-officer", "police-hn-officer-2", "agency-officer",
        "police-hn-supervisor-1", "agency-supervisor");
    for (String line : run.outLines()) {
      String[] parts = line.split(" ");
      assertThat(parts).hasSize(2);
      JsonNode claims = net.tokens.claims(parts[0], parts[1]);
      assertThat(claims.get("agency_id").asText()).isEqualTo("police-hn");
      assertThat(claims.get("azp").asText()).isEqualTo(parts[0]);
      assertThat(claims.get("preferred_username").asText()).isEqualTo("service-account-" + parts[0]);
      assertThat(Tokens.strings(claims.path("realm_access").path("roles"))).containsExactly(roles.get(parts[0]));
      assertThat(Tokens.strings(claims.path("aud"))).containsExactly("idnet");
    }
  }

  @Test
  void rotateSecretRefusesTheOldSecretAndPrintsANewOneThatWorks() {
    String old = net.cli.run("create-platform", "rotating").out().strip();
    net.tokens.issue("rotating", old);

    Cli.Run run = net.cli.run("rotate-secret", "rotating");

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.outLines()).hasSize(1);
    String fresh = run.out().strip();
    assertThat(fresh).isNotEqualTo(old);
    assertThat(net.tokens.request("rotating", old).statusCode()).isIn(400, 401);
    assertThat(net.tokens.claims("rotating", fresh).get("azp").asText()).isEqualTo("rotating");
  }
}
