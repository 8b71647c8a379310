package org.idnet.keycloak.realm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  static final Set<String> API_ROLES = Set.of("platform", "carrier", "agency-officer", "agency-supervisor", "auditor",
      "hosted-pages");
  static final Set<String> STAFF_ROLES = Set.of("agency-officer", "agency-supervisor", "auditor");

  @Test
  void theBuiltDevelopmentRealmIsTheMergeOfBothParts() {
    assertThat(DevelopmentRealm.fromClasspath()).isEqualTo(DevelopmentRealm.merge(PRODUCTION, DEVELOPMENT));
  }

  @Test
  void productionHoldsApiRolesAndIdnetsOwnClientsWithoutASecret() {
    List<String> roles = new ArrayList<>();
    PRODUCTION.path("roles").path("realm").forEach(r -> roles.add(r.path("name").asText()));
    assertThat(roles).containsAll(API_ROLES).allMatch(r -> r.matches("[a-z0-9:-]+"));
    assertThat(PRODUCTION.path("clients")).extracting(c -> c.path("clientId").asText())
        .containsExactly("idnet-admin", "idnet-web", "idnet-console");
    assertThat(PRODUCTION.toString()).doesNotContain("\"secret\"");
    // Keycloak adds offline_access and uma_authorization to its default role whatever the file says;
    // tokens still list only API roles: the idnet scope maps exactly those (clients have no full scope).
    JsonNode mapping = PRODUCTION.path("scopeMappings").get(0);
    assertThat(mapping.path("clientScope").asText()).isEqualTo("idnet");
    assertThat(mapping.path("roles")).extracting(JsonNode::asText).containsExactlyInAnyOrderElementsOf(API_ROLES);
  }

  @Test
  void theAdminClientManagesClientsThroughKeycloakOnlyAndGetsNoTokenForIdnet() {
    JsonNode admin = client(PRODUCTION, "idnet-admin");
    assertThat(admin.path("publicClient").asBoolean(true)).isFalse();
    assertThat(admin.path("serviceAccountsEnabled").asBoolean()).isTrue();
    assertThat(admin.path("standardFlowEnabled").asBoolean(true)).isFalse();
    assertThat(admin.path("implicitFlowEnabled").asBoolean(true)).isFalse();
    assertThat(admin.path("directAccessGrantsEnabled").asBoolean(true)).isFalse();
    assertThat(admin.has("secret")).as("Keycloak generates the secret at import").isFalse();
    assertThat(admin.path("defaultClientScopes")).as("no idnet scope: its tokens are not for idnet's API").isEmpty();
    assertThat(admin.path("optionalClientScopes")).isEmpty();
    JsonNode account = serviceAccount(PRODUCTION, "idnet-admin");
    assertThat(account.path("realmRoles")).as("no API role").isEmpty();
    assertThat(account.path("clientRoles").path("realm-management")).extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("manage-clients", "view-clients", "query-clients", "manage-users", "view-users",
            "query-users", "view-realm");
    assertThat(account.path("clientRoles").size()).isEqualTo(1);
    assertThat(Realm.of(PRODUCTION).clients()).as("the sandbox issuer serves only the API's clients")
        .extracting(RealmClient::id).containsExactly("idnet-web");
  }

  @Test
  void productionHasNoPeopleOnlyServiceAccounts() {
    assertThat(PRODUCTION.path("users")).extracting(u -> u.path("serviceAccountClientId").asText())
        .containsExactly("idnet-admin", "idnet-web");
    assertThat(PRODUCTION.toString()).doesNotContain("\"credentials\"");
  }

  @Test
  void theWebClientGetsOnlyHostedPagesByClientCredentials() {
    JsonNode web = client(PRODUCTION, "idnet-web");
    assertThat(web.path("publicClient").asBoolean(true)).isFalse();
    assertThat(web.path("serviceAccountsEnabled").asBoolean()).isTrue();
    assertThat(web.path("standardFlowEnabled").asBoolean(true)).isFalse();
    assertThat(web.path("implicitFlowEnabled").asBoolean(true)).isFalse();
    assertThat(web.path("directAccessGrantsEnabled").asBoolean(true)).isFalse();
    assertThat(web.path("fullScopeAllowed").asBoolean(true)).isFalse();
    assertThat(web.path("defaultClientScopes")).extracting(JsonNode::asText).containsExactly("idnet");
    assertThat(web.path("optionalClientScopes")).isEmpty();
    assertThat(serviceAccount(PRODUCTION, "idnet-web").path("realmRoles")).extracting(JsonNode::asText)
        .containsExactly("hosted-pages");
    assertThat(serviceAccount(PRODUCTION, "idnet-web").has("clientRoles")).isFalse();
    assertThat(Realm.of(PRODUCTION).client("idnet-web").orElseThrow())
        .isEqualTo(new RealmClient("idnet-web", null, "service-account-idnet-web", List.of("hosted-pages"), null));
  }

  @Test
  void theConsoleClientIsAuthorizationCodeWithPkceS256ToExactHttpsRedirects() {
    JsonNode console = client(PRODUCTION, "idnet-console");
    assertThat(console.path("publicClient").asBoolean(true)).as("confidential: the web holds its secret").isFalse();
    assertThat(console.path("clientAuthenticatorType").asText()).isEqualTo("client-secret");
    assertThat(console.path("standardFlowEnabled").asBoolean()).isTrue();
    assertThat(console.path("implicitFlowEnabled").asBoolean(true)).isFalse();
    assertThat(console.path("directAccessGrantsEnabled").asBoolean(true)).as("no password grant: OTP is a browser step").isFalse();
    assertThat(console.path("serviceAccountsEnabled").asBoolean(true)).isFalse();
    assertThat(console.path("consentRequired").asBoolean(true)).isFalse();
    assertThat(console.path("fullScopeAllowed").asBoolean(true)).isFalse();
    assertThat(console.path("defaultClientScopes")).extracting(JsonNode::asText).containsExactly("idnet");
    assertThat(console.path("optionalClientScopes")).isEmpty();
    JsonNode attributes = console.path("attributes");
    assertThat(attributes.path("pkce.code.challenge.method").asText()).isEqualTo("S256");
    assertThat(console.path("redirectUris")).extracting(JsonNode::asText)
        .containsExactly("https://www.idnet.invalid/login/oauth2/code/idnet-console");
    assertThat(attributes.path("post.logout.redirect.uris").asText()).isEqualTo("https://www.idnet.invalid/console/signed-out");
    assertThat(console.path("webOrigins")).as("no script calls Keycloak from a page").isEmpty();
    // The login's time and methods, in the ID and the access token of this client only: service
    // accounts' tokens stay as they are (the sandbox's light issuer makes the same).
    assertThat(mapper(console, "oidc-amr-mapper").path("config").path("access.token.claim").asText()).isEqualTo("true");
    assertThat(mapper(console, "oidc-amr-mapper").path("config").path("id.token.claim").asText()).isEqualTo("true");
    JsonNode authTime = mapper(console, "oidc-usersessionmodel-note-mapper").path("config");
    assertThat(authTime.path("user.session.note").asText()).isEqualTo("AUTH_TIME");
    assertThat(authTime.path("claim.name").asText()).isEqualTo("auth_time");
    assertThat(authTime.path("jsonType.label").asText()).isEqualTo("long");
    assertThat(authTime.path("access.token.claim").asText()).isEqualTo("true");
    assertThat(authTime.path("id.token.claim").asText()).isEqualTo("true");
    assertThat(PRODUCTION.path("clientScopes").get(0).path("protocolMappers"))
        .extracting(m -> m.path("protocolMapper").asText()).doesNotContain("oidc-amr-mapper", "oidc-usersessionmodel-note-mapper");
  }

  @Test
  void everyBrowserLoginIsPasswordThenOtpEachNamedInAmr() {
    assertThat(PRODUCTION.path("browserFlow").asText()).isEqualTo("idnet-staff-browser");
    JsonNode browser = flow("idnet-staff-browser");
    assertThat(browser.path("topLevel").asBoolean()).isTrue();
    assertThat(browser.path("authenticationExecutions")).extracting(e -> e.path("authenticator").asText()
        + e.path("flowAlias").asText() + ":" + e.path("requirement").asText())
        .containsExactly("auth-cookie:ALTERNATIVE", "idnet-staff-password-and-otp:ALTERNATIVE");
    JsonNode forms = flow("idnet-staff-password-and-otp");
    assertThat(forms.path("authenticationExecutions")).extracting(e -> e.path("authenticator").asText() + ":"
        + e.path("requirement").asText() + ":" + e.path("authenticatorConfig").asText())
        .containsExactly("auth-username-password-form:REQUIRED:idnet-amr-pwd", "auth-otp-form:REQUIRED:idnet-amr-otp");
    for (String[] reference : new String[][] {{"idnet-amr-pwd", "pwd"}, {"idnet-amr-otp", "otp"}}) {
      JsonNode config = null;
      for (JsonNode c : PRODUCTION.path("authenticatorConfig")) {
        if (c.path("alias").asText().equals(reference[0])) {
          config = c.path("config");
        }
      }
      assertThat(config).as(reference[0]).isNotNull();
      assertThat(config.path("default.reference.value").asText()).isEqualTo(reference[1]);
      // 0 gives an empty amr (seen on Keycloak 26.7.3): the value must be positive.
      assertThat(Integer.parseInt(config.path("default.reference.maxAge").asText())).isPositive();
    }
    assertThat(PRODUCTION.path("requiredActions")).anySatisfy(action -> {
      assertThat(action.path("providerId").asText()).isEqualTo("CONFIGURE_TOTP");
      assertThat(action.path("enabled").asBoolean()).isTrue();
    });
    assertThat(PRODUCTION.path("otpPolicyType").asText()).isEqualTo("totp");
    assertThat(PRODUCTION.path("otpPolicyAlgorithm").asText()).isEqualTo("HmacSHA256");
    assertThat(PRODUCTION.path("otpPolicyDigits").asInt()).isEqualTo(6);
    assertThat(PRODUCTION.path("otpPolicyPeriod").asInt()).isEqualTo(30);
    assertThat(PRODUCTION.path("otpPolicyCodeReusable").asBoolean(true)).as("a code works once").isFalse();
  }

  @Test
  void textsFitKeycloaksColumns() {
    // Keycloak's database holds descriptions in 255 characters: a longer one fails the import.
    List<String> tooLong = new ArrayList<>();
    collectLongDescriptions(DevelopmentRealm.merge(PRODUCTION, DEVELOPMENT), "", tooLong);
    assertThat(tooLong).isEmpty();
  }

  @Test
  void tokensAreShortLivedAndLoginsAreProtected() {
    Realm realm = Realm.of(PRODUCTION);
    assertThat(realm.accessTokenLifespan()).isLessThanOrEqualTo(Duration.ofMinutes(5));
    assertThat(realm.audience()).isEqualTo("idnet");
    assertThat(PRODUCTION.path("bruteForceProtected").asBoolean()).isTrue();
    assertThat(PRODUCTION.path("registrationAllowed").asBoolean(true)).isFalse();
    assertThat(PRODUCTION.path("editUsernameAllowed").asBoolean(true)).as("the official's name never changes").isFalse();
    // A client gets idnet's audience only when it asks for the idnet scope: Keycloak's own clients
    // (admin-cli, account-console: a person's password) never mint tokens idnet accepts.
    assertThat(PRODUCTION.path("defaultDefaultClientScopes")).isEmpty();
    assertThat(PRODUCTION.path("sslRequired").asText()).isEqualTo("all");
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
      assertThat(client.path("fullScopeAllowed").asBoolean(true)).as(id + ": roles only through the idnet scope").isFalse();
      assertThat(client.path("defaultClientScopes")).extracting(JsonNode::asText).containsExactly("idnet");
    }
    Realm parsed = Realm.of(realm);
    assertThat(parsed.clients()).extracting(RealmClient::id).containsExactly("idnet-web", "platform-a", "platform-b", "officer-1",
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
    assertThat(DevelopmentRealm.merge(PRODUCTION, DEVELOPMENT).path("sslRequired").asText()).isEqualTo("external");
    ObjectNode plain = DEVELOPMENT.deepCopy();
    plain.put("sslRequired", "none");
    assertThatThrownBy(() -> DevelopmentRealm.merge(PRODUCTION, plain)).hasMessageContaining("sslRequired");
    ObjectNode sneaky = DEVELOPMENT.deepCopy();
    sneaky.put("accessTokenLifespan", 86400);
    assertThatThrownBy(() -> DevelopmentRealm.merge(PRODUCTION, sneaky)).hasMessageContaining("accessTokenLifespan");
    ObjectNode twice = DEVELOPMENT.deepCopy();
    twice.withArray("clients").add(DEVELOPMENT.path("clients").get(0).deepCopy());
    assertThatThrownBy(() -> DevelopmentRealm.merge(PRODUCTION, twice)).hasMessageContaining("platform-a");
  }

  @Test
  void theSandboxHasPeopleWithPublicPasswordsAndOtpSeedsButOneWhoMustSetUpOtp() throws Exception {
    JsonNode realm = DevelopmentRealm.merge(PRODUCTION, DEVELOPMENT);
    Map<String, String> people = new LinkedHashMap<>();
    Set<String> seeds = new HashSet<>();
    for (JsonNode user : DEVELOPMENT.path("users")) {
      if (user.has("serviceAccountClientId")) {
        continue;
      }
      String name = user.path("username").asText();
      assertThat(name).matches("[a-z]+\\.[a-z]+");
      List<String> roles = new ArrayList<>();
      user.path("realmRoles").forEach(r -> roles.add(r.asText()));
      assertThat(STAFF_ROLES).as(name).containsAll(roles);
      String agency = user.path("attributes").path("agency_id").path(0).asText("");
      if (roles.stream().anyMatch(r -> r.startsWith("agency-"))) {
        assertThat(agency).as(name + ": agency staff have an agency").matches("^[a-z0-9][a-z0-9-]{0,62}$");
      } else {
        assertThat(agency).as(name).isEmpty();
      }
      assertThat(user.has("requiredActions")).as(name + ": the flow itself sends a person without OTP to set it up").isFalse();
      JsonNode password = credential(user, "password");
      assertThat(password.path("value").asText()).isEqualTo(name + "-sandbox-pw").hasSizeGreaterThanOrEqualTo(12);
      assertThat(password.path("temporary").asBoolean(true)).isFalse();
      JsonNode otp = credential(user, "otp");
      if (otp != null) {
        JsonNode secret = DevelopmentRealm.JSON.readTree(otp.path("secretData").asText());
        JsonNode data = DevelopmentRealm.JSON.readTree(otp.path("credentialData").asText());
        String seed = secret.path("value").asText();
        assertThat(seed).as(name).matches("[A-Z2-7]{32}"); // 20 bytes, Base32 without padding
        assertThat(seeds.add(seed)).as(name + ": a seed of its own").isTrue();
        assertThat(data.path("subType").asText()).isEqualTo("totp");
        assertThat(data.path("algorithm").asText()).isEqualTo(PRODUCTION.path("otpPolicyAlgorithm").asText());
        assertThat(data.path("digits").asInt()).isEqualTo(PRODUCTION.path("otpPolicyDigits").asInt());
        assertThat(data.path("period").asInt()).isEqualTo(PRODUCTION.path("otpPolicyPeriod").asInt());
        assertThat(data.path("secretEncoding").asText()).isEqualTo("BASE32");
      }
      people.put(name, String.join("+", roles) + "@" + agency + (otp == null ? " no-otp" : ""));
    }
    assertThat(people).containsExactly(
        Map.entry("officer.an", "agency-officer@agency-1"),
        Map.entry("supervisor.binh", "agency-supervisor@agency-1"),
        Map.entry("lead.chi", "agency-officer+agency-supervisor@agency-1"),
        Map.entry("supervisor.dung", "agency-supervisor@agency-2"),
        Map.entry("auditor.em", "auditor@"),
        Map.entry("officer.new", "agency-officer@agency-1 no-otp"));
    // People are no API clients: the sandbox issuer serves the clients only.
    assertThat(Realm.of(realm).clients()).extracting(RealmClient::username).noneMatch(people::containsKey);
  }

  @Test
  void theDevelopmentPartGivesProductionClientsSandboxSecretsAndLocalRedirectsOnly() {
    JsonNode realm = DevelopmentRealm.merge(PRODUCTION, DEVELOPMENT);
    assertThat(client(realm, "idnet-web").path("secret").asText()).isEqualTo("idnet-web-secret");
    assertThat(client(realm, "idnet-console").path("secret").asText()).isEqualTo("idnet-console-secret");
    assertThat(client(realm, "idnet-admin").has("secret")).as("generated by Keycloak, also in the sandbox").isFalse();
    assertThat(client(realm, "idnet-console").path("redirectUris")).extracting(JsonNode::asText)
        .containsExactly("http://localhost:8070/login/oauth2/code/idnet-console");
    assertThat(client(realm, "idnet-console").path("attributes").path("post.logout.redirect.uris").asText())
        .isEqualTo("http://localhost:8070/console/signed-out");
    assertThat(client(realm, "idnet-console").path("attributes").path("pkce.code.challenge.method").asText()).isEqualTo("S256");
    assertThat(Realm.of(realm).client("idnet-web").orElseThrow().secret()).isEqualTo("idnet-web-secret");

    ObjectNode unknown = DEVELOPMENT.deepCopy();
    unknown.with("clientSecrets").put("platform-a", "platform-a-secret");
    assertThatThrownBy(() -> DevelopmentRealm.merge(PRODUCTION, unknown)).hasMessageContaining("platform-a")
        .hasMessageContaining("not a client of the production realm");
    ObjectNode guessable = DEVELOPMENT.deepCopy();
    guessable.with("clientSecrets").put("idnet-admin", "admin");
    assertThatThrownBy(() -> DevelopmentRealm.merge(PRODUCTION, guessable)).hasMessageContaining("idnet-admin-secret");
    ObjectNode withSecret = PRODUCTION.deepCopy();
    ((ObjectNode) client(withSecret, "idnet-web")).put("secret", "from-production");
    assertThatThrownBy(() -> DevelopmentRealm.merge(withSecret, DEVELOPMENT)).hasMessageContaining("already has a secret");
    for (String uri : new String[] {"https://elsewhere.example/login", "http://localhost:8070/*", "http://localhost.evil:8070/x",
        "http://127.0.0.1:8070/x"}) {
      ObjectNode away = DEVELOPMENT.deepCopy();
      ((ArrayNode) away.with("clientRedirects").with("idnet-console").withArray("redirectUris")).removeAll().add(uri);
      assertThatThrownBy(() -> DevelopmentRealm.merge(PRODUCTION, away)).as(uri).hasMessageContaining(uri);
    }
    ObjectNode more = DEVELOPMENT.deepCopy();
    more.with("clientRedirects").with("idnet-console").putArray("webOrigins").add("http://localhost:8070");
    assertThatThrownBy(() -> DevelopmentRealm.merge(PRODUCTION, more)).hasMessageContaining("webOrigins");
  }

  private static JsonNode client(JsonNode realm, String clientId) {
    for (JsonNode client : realm.path("clients")) {
      if (client.path("clientId").asText().equals(clientId)) {
        return client;
      }
    }
    throw new AssertionError("no client " + clientId);
  }

  private static JsonNode serviceAccount(JsonNode realm, String clientId) {
    for (JsonNode user : realm.path("users")) {
      if (user.path("serviceAccountClientId").asText().equals(clientId)) {
        return user;
      }
    }
    throw new AssertionError("no service account of " + clientId);
  }

  private static JsonNode mapper(JsonNode client, String type) {
    for (JsonNode mapper : client.path("protocolMappers")) {
      if (mapper.path("protocolMapper").asText().equals(type)) {
        return mapper;
      }
    }
    throw new AssertionError(client.path("clientId").asText() + " has no mapper " + type);
  }

  private static JsonNode flow(String alias) {
    for (JsonNode flow : PRODUCTION.path("authenticationFlows")) {
      if (flow.path("alias").asText().equals(alias)) {
        return flow;
      }
    }
    throw new AssertionError("no flow " + alias);
  }

  private static JsonNode credential(JsonNode user, String type) {
    JsonNode found = null;
    for (JsonNode credential : user.path("credentials")) {
      if (credential.path("type").asText().equals(type)) {
        assertThat(found).as(user.path("username").asText() + ": one " + type).isNull();
        found = credential;
      }
    }
    return found;
  }

  private static void collectLongDescriptions(JsonNode node, String path, List<String> tooLong) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        if (field.getKey().equals("description") && field.getValue().asText().length() > 255) {
          tooLong.add(path + "/description (" + field.getValue().asText().length() + ")");
        }
        collectLongDescriptions(field.getValue(), path + "/" + field.getKey(), tooLong);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collectLongDescriptions(node.get(i), path + "/" + i, tooLong);
      }
    }
  }

  private static JsonNode readTree(String json) {
    try {
      return DevelopmentRealm.JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
