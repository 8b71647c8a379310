package org.idnet.admin.keycloak;

import java.util.Objects;

/**
 * How to reach Keycloak's admin API and as whom.
 *
 * @param url Keycloak's base URL, e.g. {@code http://localhost:8180}
 * @param realm the realm whose clients are managed ({@code idnet})
 * @param credentials the admin login
 */
public record KeycloakAccess(String url, String realm, Credentials credentials) {

  public KeycloakAccess {
    Objects.requireNonNull(url);
    Objects.requireNonNull(realm);
    Objects.requireNonNull(credentials);
    url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** An admin login; {@code toString} never shows the secret or password. */
  public sealed interface Credentials permits ServiceAccount, AdminUser {

    /** Names the login in messages, without its secret. */
    String describe(String realm);
  }

  /**
   * A confidential client of the managed realm whose service account holds realm-management roles
   * (production: the realm's {@code idnet-admin}).
   */
  public record ServiceAccount(String clientId, String secret) implements Credentials {

    @Override
    public String describe(String realm) {
      return "client '" + clientId + "' of realm " + realm;
    }

    @Override
    public String toString() {
      return "ServiceAccount[" + clientId + "]";
    }
  }

  /** A user of the master realm with admin rights, through Keycloak's {@code admin-cli} client. */
  public record AdminUser(String username, String password) implements Credentials {

    @Override
    public String describe(String realm) {
      return "user '" + username + "' of realm master";
    }

    @Override
    public String toString() {
      return "AdminUser[" + username + "]";
    }
  }
}
