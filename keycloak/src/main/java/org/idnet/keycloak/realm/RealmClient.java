package org.idnet.keycloak.realm;

import java.util.List;

/**
 * A client of the realm that gets tokens for itself (client-credentials grant, service account),
 * as idnet reads it from the realm file.
 *
 * @param id the client id: the token's {@code azp}, the platform or carrier id
 * @param secret its secret in the file (development clients only; production clients have none)
 * @param username its service account's username: the token's {@code preferred_username}
 * @param roles the realm roles of its service account
 * @param agencyId the {@code agency_id} claim hard-coded on the client, or null
 */
public record RealmClient(String id, String secret, String username, List<String> roles, String agencyId) {

  public RealmClient {
    roles = List.copyOf(roles);
  }
}
