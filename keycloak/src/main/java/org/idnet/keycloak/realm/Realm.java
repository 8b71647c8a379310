package org.idnet.keycloak.realm;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What idnet reads from a realm file: the realm's name, the audience its {@code idnet} client scope
 * adds, the access-token lifetime, and the API's clients (service accounts with the {@code idnet}
 * scope) with their roles and agency. The sandbox issuer issues tokens from this, so the realm file
 * stays the one description of who may do what. Clients without the scope (the realm's
 * {@code idnet-admin}, which manages clients through Keycloak's admin API) get no token for idnet.
 */
public record Realm(String name, String audience, Duration accessTokenLifespan, List<RealmClient> clients) {

  public static final String SCOPE = "idnet";

  public Realm {
    clients = List.copyOf(clients);
  }

  /** The development realm on the classpath: production settings and the sandbox clients. */
  public static Realm development() {
    return of(DevelopmentRealm.fromClasspath());
  }

  public static Realm of(JsonNode realm) {
    String name = required(realm, "realm");
    long lifespan = realm.path("accessTokenLifespan").asLong(0);
    if (lifespan <= 0) {
      throw new IllegalArgumentException("realm " + name + " sets no accessTokenLifespan");
    }
    List<RealmClient> clients = new ArrayList<>();
    for (JsonNode client : realm.path("clients")) {
      if (client.path("serviceAccountsEnabled").asBoolean(false) && client.path("enabled").asBoolean(true)
          && hasScope(realm, client)) {
        clients.add(client(realm, client));
      }
    }
    return new Realm(name, audience(realm), Duration.ofSeconds(lifespan), clients);
  }

  public Optional<RealmClient> client(String id) {
    return clients.stream().filter(c -> c.id().equals(id)).findFirst();
  }

  private static RealmClient client(JsonNode realm, JsonNode client) {
    String id = required(client, "clientId");
    JsonNode account = null;
    for (JsonNode user : realm.path("users")) {
      if (id.equals(user.path("serviceAccountClientId").asText())) {
        account = user;
      }
    }
    if (account == null) {
      throw new IllegalArgumentException("client " + id + " has service accounts on but no service-account user");
    }
    List<String> roles = new ArrayList<>();
    account.path("realmRoles").forEach(r -> roles.add(r.asText()));
    String agency = null;
    for (JsonNode mapper : client.path("protocolMappers")) {
      if ("oidc-hardcoded-claim-mapper".equals(mapper.path("protocolMapper").asText())
          && "agency_id".equals(mapper.path("config").path("claim.name").asText())) {
        agency = mapper.path("config").path("claim.value").asText();
      }
    }
    String secret = client.hasNonNull("secret") ? client.get("secret").asText() : null;
    return new RealmClient(id, secret, required(account, "username"), roles, agency);
  }

  /** The client's default scopes, or the realm's defaults when it names none (as Keycloak imports it). */
  private static boolean hasScope(JsonNode realm, JsonNode client) {
    JsonNode scopes = client.has("defaultClientScopes") ? client.get("defaultClientScopes")
        : realm.path("defaultDefaultClientScopes");
    for (JsonNode scope : scopes) {
      if (SCOPE.equals(scope.asText())) {
        return true;
      }
    }
    return false;
  }

  private static String audience(JsonNode realm) {
    for (JsonNode scope : realm.path("clientScopes")) {
      if (SCOPE.equals(scope.path("name").asText())) {
        for (JsonNode mapper : scope.path("protocolMappers")) {
          if ("oidc-audience-mapper".equals(mapper.path("protocolMapper").asText())) {
            return required(mapper.path("config"), "included.custom.audience");
          }
        }
      }
    }
    throw new IllegalArgumentException("the realm has no client scope '" + SCOPE + "' with an audience mapper");
  }

  private static String required(JsonNode node, String field) {
    String value = node.path(field).asText("");
    if (value.isBlank()) {
      throw new IllegalArgumentException("realm file: '" + field + "' is missing");
    }
    return value;
  }
}
