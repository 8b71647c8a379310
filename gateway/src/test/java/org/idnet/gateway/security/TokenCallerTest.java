package org.idnet.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.idnet.caller.Caller;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

class TokenCallerTest {

  private static Jwt jwt(Map<String, Object> claims) {
    return Jwt.withTokenValue("t").header("alg", "RS256").subject("6f0c3d7e-uuid").claims(c -> c.putAll(claims))
        .expiresAt(Instant.now().plusSeconds(60)).build();
  }

  @Test
  void theOfficialIsPreferredUsernameNeverSub() {
    Caller person = TokenCaller.from(jwt(Map.of("azp", "agency-portal", "preferred_username", "tran.thi.b",
        "agency_id", "agency-1", "realm_access", Map.of("roles", List.of("agency-officer")))));
    assertThat(person).isEqualTo(new Caller("tran.thi.b", "agency-portal", "agency-1", java.util.Set.of("agency-officer")));
    Caller service = TokenCaller.from(jwt(Map.of("azp", "platform-a", "client_id", "other")));
    assertThat(service.subject()).isEqualTo("service-account-platform-a");
    assertThat(service.clientId()).as("azp, never client_id").isEqualTo("platform-a");
  }

  @Test
  void rateLimitKeyIsTheClientForServiceAccountsAndClientAndPersonForPeople() {
    Jwt service = jwt(Map.of("azp", "platform-a", "preferred_username", "service-account-platform-a"));
    Jwt bare = jwt(Map.of("azp", "platform-a"));
    Jwt officerA = jwt(Map.of("azp", "agency-portal", "preferred_username", "officer a"));
    Jwt officerB = jwt(Map.of("azp", "agency-portal", "preferred_username", "officer/b"));
    assertThat(TokenCaller.rateLimitKey(service)).isEqualTo("client:platform-a").isEqualTo(TokenCaller.rateLimitKey(bare));
    assertThat(TokenCaller.rateLimitKey(officerA)).isEqualTo("client:agency-portal/officer+a");
    assertThat(TokenCaller.rateLimitKey(officerB)).isEqualTo("client:agency-portal/officer%2Fb")
        .isNotEqualTo(TokenCaller.rateLimitKey(officerA));
  }
}
