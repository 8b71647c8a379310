package org.idnet.sandbox;

import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import java.net.InetAddress;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.OAuth2Exception;
import no.nav.security.mock.oauth2.http.NettyWrapper;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.idnet.keycloak.realm.Realm;
import org.idnet.keycloak.realm.RealmClient;

/**
 * The sandbox's light OIDC issuer: a real OAuth2 server (mock-oauth2-server) at
 * {@code /realms/idnet}, issuing RS256 client-credentials tokens as Keycloak does from the realm
 * file ({@code keycloak/}): the clients, secrets, roles, agency, audience and token lifetime are
 * read from the development realm, never written here, and a test compares its tokens with real
 * Keycloak's. Unlike the bare library it checks each client's secret, so a wrong secret gets
 * {@code invalid_client}. {@code bin/sandbox --keycloak} runs real Keycloak instead.
 */
public final class SandboxIssuer implements AutoCloseable {

  private static final String REALMS = "realms/";

  private final MockOAuth2Server server;
  private final int port;
  private final String realm;

  private SandboxIssuer(MockOAuth2Server server, int port, String realm) {
    this.server = server;
    this.port = port;
    this.realm = realm;
  }

  /** The issuer of the development realm (the sandbox clients of api.md). */
  public static SandboxIssuer start(int port) {
    return start(port, Realm.development());
  }

  public static SandboxIssuer start(int port, Realm realm) {
    OAuth2Config config = new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(),
        Set.of(new ClientCallback(realm)), new NettyWrapper(null));
    MockOAuth2Server server = new MockOAuth2Server(config);
    server.start(InetAddress.getLoopbackAddress(), port);
    return new SandboxIssuer(server, port, realm.name());
  }

  public String issuer() {
    return "http://localhost:" + port + "/" + REALMS + realm;
  }

  public String tokenEndpoint() {
    return issuer() + "/token";
  }

  @Override
  public void close() {
    server.shutdown();
  }

  /** Claims per client of the realm, as Keycloak's {@code idnet} client scope maps them; refuses unknown clients and wrong secrets. */
  private static final class ClientCallback implements OAuth2TokenCallback {

    private final Realm realm;

    ClientCallback(Realm realm) {
      this.realm = realm;
    }

    @Override
    public String issuerId() {
      return REALMS + realm.name();
    }

    /** Keycloak's subject is the service account's id, a UUID; here a stable one per client. */
    @Override
    public String subject(TokenRequest request) {
      return UUID.nameUUIDFromBytes(client(request).username().getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Override
    public String typeHeader(TokenRequest request) {
      return "JWT";
    }

    @Override
    public List<String> audience(TokenRequest request) {
      return List.of(realm.audience());
    }

    @Override
    public Map<String, Object> addClaims(TokenRequest request) {
      RealmClient client = client(request);
      Map<String, Object> claims = new LinkedHashMap<>();
      claims.put("typ", "Bearer");
      claims.put("azp", client.id());
      claims.put("scope", Realm.SCOPE);
      claims.put("realm_access", Map.of("roles", client.roles()));
      claims.put("preferred_username", client.username());
      if (client.agencyId() != null) {
        claims.put("agency_id", client.agencyId());
      }
      return claims;
    }

    @Override
    public long tokenExpiry() {
      return realm.accessTokenLifespan().toSeconds();
    }

    private RealmClient client(TokenRequest request) {
      ClientAuthentication auth = request.getClientAuthentication();
      String id;
      String secret;
      if (auth instanceof ClientSecretBasic basic) {
        id = basic.getClientID().getValue();
        secret = basic.getClientSecret().getValue();
      } else if (auth instanceof ClientSecretPost post) {
        id = post.getClientID().getValue();
        secret = post.getClientSecret().getValue();
      } else {
        throw invalidClient();
      }
      RealmClient client = realm.client(id).orElseThrow(SandboxIssuer::invalidClient);
      if (client.secret() == null
          || !MessageDigest.isEqual(client.secret().getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8))) {
        throw invalidClient();
      }
      return client;
    }
  }

  private static OAuth2Exception invalidClient() {
    return new OAuth2Exception(OAuth2Error.INVALID_CLIENT, "unknown client or wrong secret");
  }
}
