package org.idnet.keycloak.realm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The realm files: the development realm the build wrote is exactly the merge of the production
 * realm and the development clients, and both hold the settings idnet relies on.
 */
class RealmFilesTest {

  static final Path MODULE = Path.of(System.getProperty("idnet.keycloak.module", "."));
  static final JsonNode PRODUCTION = DevelopmentRealm.read(MODULE.resolve("idnet-realm.json"));
  static final JsonNode DEVELOPMENT = DevelopmentRealm.read(MODULE.resolve("dev/idnet-dev-clients.json"));
  static final Set<String> API_ROLES = Set.of("platform", "carrier", "agency-officer", "agency-supervisor", "auditor");

  @Test
  void theBuiltDevelopmentRealmIsTheMergeOfBothParts() {
    assertThat(DevelopmentRealm.fromClasspath()).isEqualTo(DevelopmentRealm.merge(PRODUCTION, DEVELOPMENT));
  }

  @Test
  void productionHoldsApiRolesAndOnlyTheAdminClientWithoutASecret() {
    List<String> roles = new ArrayList<>();
    PRODUCTION.path("roles").path("realm").forEach(r -> roles.add(r.path("name").asText()));
    assertThat(roles).containsAll(API_ROLES).allMatch(r -> r.matches("[a-z0-9:-]+"));
    assertThat(PRODUCTION.path("clients")).extracting(c -> c.path("clientId").asText()).containsExactly("idnet-admin");
    assertThat(PRODUCTION.toString()).doesNotContain("\"secret\"");
    // Keycloak's default role grants nothing: no offline_access or uma_authorization in tokens.
    assertThat(PRODUCTION.path("defaultRole").path("composite").asBoolean(true)).isFalse();
  }

  @Test
  void theAdminClientManagesClientsThroughKeycloakOnlyAndGetsNoTokenForIdnet() {
    JsonNode admin = PRODUCTION.path("clients").get(0);
    assertThat(admin.path("publicClient").asBoolean(true)).isFalse();
    assertThat(admin.path("serviceAccountsEnabled").asBoolean()).isTrue();
    assertThat(admin.path("standardFlowEnabled").asBoolean(true)).isFalse();
    assertThat(admin.path("implicitFlowEnabled").asBoolean(true)).isFalse();
    assertThat(admin.path("directAccessGrantsEnabled").asBoolean(true)).isFalse();
    assertThat(admin.has("secret")).as("Keycloak generates the secret at import").isFalse();
    assertThat(admin.path("defaultClientScopes")).as("no idnet scope: its tokens are not for idnet's API").isEmpty();
    assertThat(admin.path("optionalClientScopes")).isEmpty();
    assertThat(PRODUCTION.path("users")).hasSize(1);
    JsonNode account = PRODUCTION.path("users").get(0);
    assertThat(account.path("serviceAccountClientId").asText()).isEqualTo("idnet-admin");
    assertThat(account.path("realmRoles")).as("no API role").isEmpty();
    assertThat(account.path("clientRoles").path("realm-management")).extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("manage-clients", "view-clients", "query-clients", "manage-users", "view-users",
            "query-users", "view-realm");
    assertThat(account.path("clientRoles").size()).isEqualTo(1);
    assertThat(Realm.of(PRODUCTION).clients()).as("the sandbox issuer serves only the API's clients").isEmpty();
  }

  @Test
  void tokensAreShortLivedAndLoginsAreProtected() {
    Realm realm = Realm.of(PRODUCTION);
    assertThat(realm.accessTokenLifespan()).isLessThanOrEqualTo(Duration.ofMinutes(5));
    assertThat(realm.audience()).isEqualTo("idnet");
    assertThat(PRODUCTION.path("bruteForceProtected").asBoolean()).isTrue();
    assertThat(PRODUCTION.path("registrationAllowed").asBoolean(true)).isFalse();
    assertThat(PRODUCTION.path("editUsernameAllowed").asBoolean(true)).as("the official's name never changes").isFalse();
    assertThat(PRODUCTION.path("defaultDefaultClientScopes")).isEmpty();
  }

  @Test
  void agencyOfHumanStaffIsOneValueOnlyAdminsSet() {
    String profile = PRODUCTION.path("components").path("org.keycloak.userprofile.UserProfileProvider").get(0)
        .path("config").path("kc.user.profile.config").get(0).asText();
    JsonNode agency = null;
    for (JsonNode attribute : readTree(profile).path("attributes")) {
      if (attribute.path("name").asText().equals("agency_id")) {
        agency = attribute;
      }
    }
    assertThat(agency).as("agency_id is declared in the user profile").isNotNull();
    assertThat(agency.path("multivalued").asBoolean(true)).isFalse();
    assertThat(agency.path("permissions").path("edit")).extracting(JsonNode::asText).containsExactly("admin");
    JsonNode mapper = null;
    for (JsonNode m : PRODUCTION.path("clientScopes").get(0).path("protocolMappers")) {
      if (m.path("config").path("claim.name").asText().equals("agency_id")) {
        mapper = m;
      }
    }
    assertThat(mapper.path("config").path("multivalued").asText()).isEqualTo("false");
  }

  @Test
  void developmentClientsUseOnlyClientCredentialsAndRealmRoles() {
    JsonNode realm = DevelopmentRealm.merge(PRODUCTION, DEVELOPMENT);
    for (JsonNode client : DEVELOPMENT.path("clients")) {
      String id = client.path("clientId").asText();
      assertThat(client.path("serviceAccountsEnabled").asBoolean()).as(id).isTrue();
      assertThat(client.path("publicClient").asBoolean(true)).as(id).isFalse();
      assertThat(client.path("implicitFlowEnabled").asBoolean(true)).as(id + ": no implicit grant").isFalse();
      assertThat(client.path("directAccessGrantsEnabled").asBoolean(true)).as(id + ": no password grant").isFalse();
      assertThat(client.path("standardFlowEnabled").asBoolean(true)).as(id).isFalse();
      assertThat(client.path("secret").asText()).isEqualTo(id + "-secret");
    }
    Realm parsed = Realm.of(realm);
    assertThat(parsed.clients()).extracting(RealmClient::id).containsExactly("platform-a", "platform-b", "officer-1",
        "officer-2", "officer-3", "supervisor-1", "supervisor-2", "carrier-1", "auditor-1");
    assertThat(parsed.clients()).allSatisfy(c -> assertThat(API_ROLES).containsAll(c.roles()));
    assertThat(parsed.client("officer-3").orElseThrow())
        .isEqualTo(new RealmClient("officer-3", "officer-3-secret", "service-account-officer-3",
            List.of("agency-officer"), "agency-2"));
    assertThat(parsed.clients()).filteredOn(c -> c.roles().stream().anyMatch(r -> r.startsWith("agency-")))
        .allSatisfy(c -> assertThat(c.agencyId()).isNotBlank());
  }

  @Test
  void theDevelopmentPartCannotChangeProductionSettings() {
    ObjectNode sneaky = DEVELOPMENT.deepCopy();
    sneaky.put("accessTokenLifespan", 86400);
    assertThatThrownBy(() -> DevelopmentRealm.merge(PRODUCTION, sneaky)).hasMessageContaining("accessTokenLifespan");
    ObjectNode twice = DEVELOPMENT.deepCopy();
    twice.withArray("clients").add(DEVELOPMENT.path("clients").get(0).deepCopy());
    assertThatThrownBy(() -> DevelopmentRealm.merge(PRODUCTION, twice)).hasMessageContaining("platform-a");
  }

  private static JsonNode readTree(String json) {
    try {
      return DevelopmentRealm.JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
