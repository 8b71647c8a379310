package org.idnet.admin.keycloak;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.idnet.admin.onboarding.ServiceClient;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;

/**
 * A client as keycloak/dev/idnet-dev-clients.json defines the sandbox's: confidential, the
 * client-credentials grant only (no browser, implicit, password, device or CIBA flow, no refresh
 * token), the {@code idnet} scope as its only scope, and for agency staff a fixed
 * {@code agency_id} claim. No secret is set: Keycloak generates one.
 *
 * <p>Not full scope: a token lists only the roles the {@code idnet} scope maps (the five API roles,
 * keycloak/idnet-realm.json's scopeMappings), whatever else the service account holds, e.g. the
 * realm's default role with offline_access. The scope is named here, not left to the realm's
 * defaults: the realm makes no scope a default for new clients.
 */
final class ClientRepresentations {

  static final String SCOPE = "idnet";

  private ClientRepresentations() {
  }

  static ClientRepresentation of(ServiceClient client) {
    ClientRepresentation rep = new ClientRepresentation();
    rep.setClientId(client.id().value());
    rep.setName(client.name());
    rep.setDescription(client.role().roleName() + (client.agency().map(a -> " of agency " + a).orElse(""))
        + " (created by idnet-admin)");
    rep.setEnabled(true);
    rep.setProtocol("openid-connect");
    rep.setClientAuthenticatorType("client-secret");
    rep.setPublicClient(false);
    rep.setBearerOnly(false);
    rep.setStandardFlowEnabled(false);
    rep.setImplicitFlowEnabled(false);
    rep.setDirectAccessGrantsEnabled(false);
    rep.setServiceAccountsEnabled(true);
    rep.setFrontchannelLogout(false);
    rep.setFullScopeAllowed(false);
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("use.refresh.tokens", "false");
    attributes.put("client_credentials.use_refresh_token", "false");
    attributes.put("oauth2.device.authorization.grant.enabled", "false");
    attributes.put("oidc.ciba.grant.enabled", "false");
    rep.setAttributes(attributes);
    rep.setDefaultClientScopes(List.of(SCOPE));
    rep.setOptionalClientScopes(List.of());
    client.agency().ifPresent(agency -> rep.setProtocolMappers(List.of(agencyMapper(agency.value()))));
    return rep;
  }

  /** The agency of a service account: one value, in access tokens and introspection only. */
  private static ProtocolMapperRepresentation agencyMapper(String agency) {
    ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
    mapper.setName("agency");
    mapper.setProtocol("openid-connect");
    mapper.setProtocolMapper("oidc-hardcoded-claim-mapper");
    Map<String, String> config = new LinkedHashMap<>();
    config.put("claim.name", "agency_id");
    config.put("claim.value", agency);
    config.put("jsonType.label", "String");
    config.put("access.token.claim", "true");
    config.put("id.token.claim", "false");
    config.put("userinfo.token.claim", "false");
    config.put("introspection.token.claim", "true");
    mapper.setConfig(config);
    return mapper;
  }
}
