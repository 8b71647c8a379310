package org.idnet.web.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.idnet.web.HttpsStandIn;
import org.idnet.web.config.OutboundTrust;
import org.idnet.web.config.WebProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.web.server.WebSessionServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationExchange;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationResponse;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.server.ServerWebExchange;

/**
 * The console's calls to the issuer go over the web's trusted connector ({@code idnet.web.trust-file}):
 * the code exchange oauth2Login takes as a bean, the refresh of the console's client manager, and the
 * ID token's keys, each against an issuer stand-in over real HTTPS whose CA only the trust file names.
 * The same beans built on the JVM's trust store fail; the ID token's OIDC checks stay (issuer).
 */
class ConsoleTrustTest {

  static final RSAKey KEY = key();
  static final HttpsStandIn ISSUER = new HttpsStandIn(
      "/token", "{\"access_token\":\"access-1\",\"token_type\":\"Bearer\",\"expires_in\":300,\"refresh_token\":\"refresh-2\"}",
      "/certs", new JWKSet(KEY.toPublicJWK()).toString());
  static final String ISSUER_ID = "https://id.example/realms/idnet";

  final ConsoleSecurityConfiguration configuration = new ConsoleSecurityConfiguration();
  final OutboundTrust trusted = OutboundTrust.of(List.of(ISSUER.caFile()), Clock.systemUTC());
  final OutboundTrust jvmOnly = OutboundTrust.of(null, Clock.systemUTC());
  final ClientRegistration registration = registration();

  @AfterAll
  static void stop() {
    ISSUER.close();
  }

  @Test
  void theCodeExchangeReachesTheTokenEndpointOnlyWithTheTrustFile() {
    OAuth2AccessTokenResponse response = configuration.consoleCodeExchange(trusted).getTokenResponse(codeGrant()).block();
    assertThat(response.getAccessToken().getTokenValue()).isEqualTo("access-1");
    assertThat(ISSUER.paths).contains("/token");
    assertThatThrownBy(() -> configuration.consoleCodeExchange(jvmOnly).getTokenResponse(codeGrant()).block())
        .hasStackTraceContaining("PKIX");
  }

  @Test
  void theRefreshGoesOverTheTrustedConnector() {
    OAuth2AuthorizedClient refreshed = refresh(trusted);
    assertThat(refreshed.getAccessToken().getTokenValue()).isEqualTo("access-1");
    assertThat(refreshed.getRefreshToken().getTokenValue()).isEqualTo("refresh-2");
    assertThatThrownBy(() -> refresh(jvmOnly)).hasStackTraceContaining("PKIX");
  }

  @Test
  void theIdTokensKeysAreFetchedOverTheTrustedConnectorAndItsIssuerIsStillChecked() throws Exception {
    Jwt token = configuration.consoleIdTokenDecoders(trusted).createDecoder(registration).decode(idToken(ISSUER_ID)).block();
    assertThat(token.getSubject()).isEqualTo("sub-officer-an");
    assertThat(ISSUER.paths).contains("/certs");
    assertThatThrownBy(() -> configuration.consoleIdTokenDecoders(trusted).createDecoder(registration)
        .decode(idToken("https://other.example/realms/idnet")).block()).hasMessageContaining("iss");
    assertThatThrownBy(() -> configuration.consoleIdTokenDecoders(jvmOnly).createDecoder(registration)
        .decode(idToken(ISSUER_ID)).block()).hasStackTraceContaining("PKIX");
  }

  private OAuth2AuthorizedClient refresh(OutboundTrust trust) {
    WebSessionServerOAuth2AuthorizedClientRepository clients = new WebSessionServerOAuth2AuthorizedClientRepository();
    ReactiveOAuth2AuthorizedClientManager manager = configuration.consoleClientManager(
        new org.springframework.security.oauth2.client.registration.InMemoryReactiveClientRegistrationRepository(registration),
        clients, trust);
    Instant past = Instant.now().minusSeconds(600);
    OAuth2AuthorizedClient expired = new OAuth2AuthorizedClient(registration, "officer.an",
        new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "access-0", past, past.plusSeconds(60)),
        new OAuth2RefreshToken("refresh-1", past));
    ServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/console"));
    return manager.authorize(OAuth2AuthorizeRequest.withAuthorizedClient(expired)
        .principal(new TestingAuthenticationToken("officer.an", "n/a"))
        .attribute(ServerWebExchange.class.getName(), exchange).build()).block();
  }

  private OAuth2AuthorizationCodeGrantRequest codeGrant() {
    String redirect = "http://localhost:8070/login/oauth2/code/idnet-console";
    OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode()
        .authorizationUri(ISSUER_ID + "/protocol/openid-connect/auth").clientId("idnet-console")
        .redirectUri(redirect).state("state-1").build();
    OAuth2AuthorizationResponse response = OAuth2AuthorizationResponse.success("code-1").redirectUri(redirect)
        .state("state-1").build();
    return new OAuth2AuthorizationCodeGrantRequest(registration, new OAuth2AuthorizationExchange(request, response));
  }

  private ClientRegistration registration() {
    ConsoleProperties console = new ConsoleProperties(true, "idnet-console", "idnet-console-secret", URI.create(ISSUER_ID),
        null, null, null, URI.create(ISSUER.url() + "/token"), URI.create(ISSUER.url() + "/certs"));
    WebProperties web = new WebProperties(URI.create("http://localhost:8080"), URI.create("http://localhost:8070"), null,
        null, null, null, "redis://localhost:6379", null, null, List.of(), 30, false, null, List.of());
    return configuration.consoleRegistrations(console, web).findByRegistrationId(ConsoleSecurityConfiguration.REGISTRATION)
        .block();
  }

  private static String idToken(String issuer) throws Exception {
    Instant now = Instant.now();
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject("sub-officer-an").audience("idnet-console")
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).build(), claims);
    jwt.sign(new RSASSASigner(KEY));
    return jwt.serialize();
  }

  private static RSAKey key() {
    try {
      return new RSAKeyGenerator(2048).keyID("key-1").generate();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
