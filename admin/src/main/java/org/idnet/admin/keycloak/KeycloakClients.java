package org.idnet.admin.keycloak;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.idnet.admin.onboarding.ApiRole;
import org.idnet.admin.onboarding.ClientControl;
import org.idnet.admin.onboarding.ClientId;
import org.idnet.admin.onboarding.ClientRegistry;
import org.idnet.admin.onboarding.OnboardingException;
import org.idnet.admin.onboarding.Secret;
import org.idnet.admin.onboarding.ServiceClient;
import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.JacksonProvider;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.RoleScopeResource;
import org.keycloak.admin.client.spi.ResteasyClientClassicProvider;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;

/** idnet's clients in a Keycloak realm, through Keycloak's admin REST API (keycloak-admin-client). */
public final class KeycloakClients implements ClientRegistry, ClientControl, AutoCloseable {

  private final Keycloak keycloak;
  private final KeycloakAccess access;
  private final RealmResource realm;

  private KeycloakClients(Keycloak keycloak, KeycloakAccess access) {
    this.keycloak = keycloak;
    this.access = access;
    this.realm = keycloak.realm(access.realm());
  }

  /** Logs in now, so wrong credentials or an unreachable server fail before anything is asked. */
  public static KeycloakClients connect(KeycloakAccess access) {
    Client http = ResteasyClientClassicProvider.createClientBuilder()
        .connectTimeout(5, TimeUnit.SECONDS).readTimeout(30, TimeUnit.SECONDS)
        .register(JacksonProvider.class, 100).build();
    KeycloakBuilder builder = KeycloakBuilder.builder().serverUrl(access.url()).resteasyClient(http);
    switch (access.credentials()) {
      case KeycloakAccess.ServiceAccount account -> builder.realm(access.realm())
          .grantType(OAuth2Constants.CLIENT_CREDENTIALS).clientId(account.clientId()).clientSecret(account.secret());
      case KeycloakAccess.AdminUser user -> builder.realm("master").grantType(OAuth2Constants.PASSWORD)
          .clientId("admin-cli").username(user.username()).password(user.password());
    }
    Keycloak keycloak = builder.build();
    try {
      keycloak.tokenManager().getAccessTokenString();
    } catch (RuntimeException e) {
      keycloak.close();
      throw KeycloakErrors.login(access, e);
    }
    return new KeycloakClients(keycloak, access);
  }

  @Override
  public boolean exists(ClientId id) {
    return find(id) != null;
  }

  @Override
  public Secret create(ServiceClient client) {
    String doing = "create client '" + client.id() + "'";
    String uuid;
    try (Response response = realm.clients().create(ClientRepresentations.of(client))) {
      if (response.getStatus() == 409) {
        throw OnboardingException.conflict("client '" + client.id() + "' already exists; nothing was created");
      }
      if (response.getStatus() != 201) {
        throw OnboardingException.failed("could not " + doing + ": Keycloak answered " + KeycloakErrors.answer(response), null);
      }
      uuid = CreatedResponseUtil.getCreatedId(response);
    } catch (RuntimeException e) {
      throw KeycloakErrors.of(access, doing, e);
    }
    try {
      ClientResource created = realm.clients().get(uuid);
      grantOnly(created, client.role());
      return new Secret(created.getSecret().getValue());
    } catch (RuntimeException e) {
      OnboardingException failure = KeycloakErrors.of(access,
          "give the service account of '" + client.id() + "' the role " + client.role().roleName(), e);
      try {
        realm.clients().get(uuid).remove();
      } catch (RuntimeException undo) {
        failure.addSuppressed(undo);
        throw failure.withPrefix("client '" + client.id() + "' is half created and could not be removed"
            + " (remove it by hand: admin console, Clients): ");
      }
      throw failure.withPrefix("client '" + client.id() + "' not created (removed again): ");
    }
  }

  /**
   * The service account holds the API role and nothing else: Keycloak gives a new user the realm's
   * default role. The client's limited scope already keeps that role out of tokens; removing it too
   * means a client someone later switches to full scope still lists its API role alone.
   */
  private void grantOnly(ClientResource client, ApiRole role) {
    String accountId = client.getServiceAccountUser().getId();
    RoleRepresentation granted;
    try {
      granted = realm.roles().get(role.roleName()).toRepresentation();
    } catch (NotFoundException e) {
      throw OnboardingException.failed("realm " + access.realm() + " has no role '"
          + role.roleName() + "' (import keycloak/idnet-realm.json)", e);
    }
    RoleScopeResource realmRoles = realm.users().get(accountId).roles().realmLevel();
    realmRoles.add(List.of(granted));
    List<RoleRepresentation> others = realmRoles.listAll().stream()
        .filter(r -> !r.getName().equals(granted.getName())).toList();
    if (!others.isEmpty()) {
      realmRoles.remove(others);
    }
  }

  @Override
  public void remove(ClientId id) {
    ClientRepresentation client = find(id);
    if (client != null) {
      try {
        realm.clients().get(client.getId()).remove();
      } catch (RuntimeException e) {
        throw KeycloakErrors.of(access, "remove client '" + id + "'", e);
      }
    }
  }

  @Override
  public Secret rotateSecret(ClientId id) {
    ClientResource client = existing(id);
    try {
      return new Secret(client.generateNewSecret().getValue());
    } catch (RuntimeException e) {
      throw KeycloakErrors.of(access, "rotate the secret of client '" + id + "'", e);
    }
  }

  @Override
  public void setEnabled(ClientId id, boolean enabled) {
    ClientResource client = existing(id);
    try {
      ClientRepresentation rep = client.toRepresentation();
      rep.setEnabled(enabled);
      client.update(rep);
    } catch (RuntimeException e) {
      throw KeycloakErrors.of(access, (enabled ? "enable" : "disable") + " client '" + id + "'", e);
    }
  }

  private ClientResource existing(ClientId id) {
    ClientRepresentation client = find(id);
    if (client == null) {
      throw OnboardingException.notFound("no client '" + id + "' in realm " + access.realm());
    }
    return realm.clients().get(client.getId());
  }

  /** The client by its exact id, or null. A 404 here means the realm itself is missing. */
  private ClientRepresentation find(ClientId id) {
    try {
      return realm.clients().findByClientId(id.value()).stream()
          .filter(c -> id.value().equals(c.getClientId())).findFirst().orElse(null);
    } catch (NotFoundException e) {
      throw KeycloakErrors.noRealm(access, e);
    } catch (RuntimeException e) {
      throw KeycloakErrors.of(access, "look up client '" + id + "'", e);
    }
  }

  @Override
  public void close() {
    keycloak.close();
  }
}
