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
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.OAuth2Exception;
import no.nav.security.mock.oauth2.http.NettyWrapper;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;

/**
 * The sandbox's OIDC issuer: a real OAuth2 server (mock-oauth2-server) at
 * {@code /realms/idnet}, issuing RS256 client-credentials tokens with Keycloak's claim layout
 * ({@code azp}, {@code realm_access.roles}, {@code agency_id}, {@code aud: idnet}). Unlike the
 * bare library it checks each client's secret, so a wrong secret gets {@code invalid_client}.
 */
public final class SandboxIssuer implements AutoCloseable {

  public static final String ISSUER_ID = "realms/idnet";
  public static final String AUDIENCE = "idnet";

  private final MockOAuth2Server server;
  private final int port;

  private SandboxIssuer(MockOAuth2Server server, int port) {
    this.server = server;
    this.port = port;
  }

  public static SandboxIssuer start(int port) {
    OAuth2Config config = new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(),
        Set.of(new ClientCallback()), new NettyWrapper(null));
    MockOAuth2Server server = new MockOAuth2Server(config);
    server.start(InetAddress.getLoopbackAddress(), port);
    return new SandboxIssuer(server, port);
  }

  public String issuer() {
    return "http://localhost:" + port + "/" + ISSUER_ID;
  }

  public String tokenEndpoint() {
    return issuer() + "/token";
  }

  @Override
  public void close() {
    server.shutdown();
  }

  /** Claims per sandbox client; refuses unknown clients and wrong secrets. */
  private static final class ClientCallback implements OAuth2TokenCallback {

    @Override
    public String issuerId() {
      return ISSUER_ID;
    }

    @Override
    public String subject(TokenRequest request) {
      return "service-account-" + client(request).id();
    }

    @Override
    public String typeHeader(TokenRequest request) {
      return "JWT";
    }

    @Override
    public List<String> audience(TokenRequest request) {
      return List.of(AUDIENCE);
    }

    @Override
    public Map<String, Object> addClaims(TokenRequest request) {
      SandboxClient client = client(request);
      Map<String, Object> claims = new LinkedHashMap<>();
      claims.put("azp", client.id());
      // Keycloak's name of a service account; the gateway names officials by it.
      claims.put("preferred_username", "service-account-" + client.id());
      claims.put("realm_access", Map.of("roles", client.roles()));
      if (client.agencyId() != null) {
        claims.put("agency_id", client.agencyId());
      }
      return claims;
    }

    @Override
    public long tokenExpiry() {
      return 300;
    }

    private static SandboxClient client(TokenRequest request) {
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
      SandboxClient client = SandboxClient.byId(id).orElseThrow(SandboxIssuer::invalidClient);
      if (!MessageDigest.isEqual(client.secret().getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8))) {
        throw invalidClient();
      }
      return client;
    }
  }

  private static OAuth2Exception invalidClient() {
    return new OAuth2Exception(OAuth2Error.INVALID_CLIENT, "unknown client or wrong secret");
  }
}
