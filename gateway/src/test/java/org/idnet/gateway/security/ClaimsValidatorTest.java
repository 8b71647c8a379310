package org.idnet.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

class ClaimsValidatorTest {

  private final ClaimsValidator validator = new ClaimsValidator();

  private boolean accepts(Consumer<Map<String, Object>> change) {
    Map<String, Object> claims = new java.util.HashMap<>(Map.of("azp", "platform-a",
        "preferred_username", "service-account-platform-a", "realm_access", Map.of("roles", List.of("platform"))));
    change.accept(claims);
    Jwt jwt = Jwt.withTokenValue("t").header("alg", "RS256").claims(c -> c.putAll(claims))
        .expiresAt(Instant.now().plusSeconds(60)).build();
    return !validator.validate(jwt).hasErrors();
  }

  private static Map<String, Object> roles(Object roles) {
    return Map.of("roles", roles);
  }

  @Test
  void aServiceAccountAndAnOfficialOfAnAgencyPass() {
    assertThat(accepts(c -> { })).isTrue();
    assertThat(accepts(c -> c.remove("preferred_username"))).as("a service account may omit its name").isTrue();
    assertThat(accepts(c -> {
      c.put("azp", "agency-portal");
      c.put("preferred_username", "nguyen.van.a");
      c.put("agency_id", "agency-1");
      c.put("realm_access", roles(List.of("agency-officer", "internal:x", "default-roles-idnet")));
    })).isTrue();
  }

  @Test
  void theClientIsAzpOnlyAndMustBeOneNonBlankString() {
    assertThat(accepts(c -> c.remove("azp"))).isFalse();
    assertThat(accepts(c -> c.put("azp", " "))).isFalse();
    assertThat(accepts(c -> c.put("azp", List.of("platform-a")))).isFalse();
    assertThat(accepts(c -> {
      c.remove("azp");
      c.put("client_id", "platform-a");
    })).as("no fallback to client_id").isFalse();
  }

  @Test
  void roleNamesOutsideLowerCaseLettersDigitsColonAndDashAreRefused() {
    for (Object bad : List.of("carrier,platform", "Platform", "plat form", "platform\n", "", "r\u00f4le",
        "offline_access")) {
      assertThat(accepts(c -> c.put("realm_access", roles(List.of("platform", bad))))).as(String.valueOf(bad)).isFalse();
    }
    assertThat(accepts(c -> c.put("realm_access", roles(List.of(7))))).isFalse();
    assertThat(accepts(c -> c.put("realm_access", roles("platform")))).as("roles as a string").isFalse();
    assertThat(accepts(c -> c.put("realm_access", "platform"))).isFalse();
  }

  @Test
  void agencyIdIsOneNonBlankStringAndAgencyRolesCarryIt() {
    assertThat(accepts(c -> c.put("agency_id", List.of("agency-1", "agency-2")))).isFalse();
    assertThat(accepts(c -> c.put("agency_id", List.of("agency-1")))).isFalse();
    assertThat(accepts(c -> c.put("agency_id", 12))).isFalse();
    assertThat(accepts(c -> c.put("agency_id", ""))).isFalse();
    assertThat(accepts(c -> c.put("realm_access", roles(List.of("agency-supervisor"))))).isFalse();
  }

  @Test
  void agencyStaffMustBeNamedByPreferredUsername() {
    assertThat(accepts(c -> {
      c.remove("preferred_username");
      c.put("agency_id", "agency-1");
      c.put("realm_access", roles(List.of("agency-officer")));
    })).isFalse();
    assertThat(accepts(c -> {
      c.remove("preferred_username");
      c.put("agency_id", "agency-1");
    })).as("an agency_id alone makes agency staff").isFalse();
    assertThat(accepts(c -> {
      c.put("preferred_username", "  ");
      c.put("agency_id", "agency-1");
      c.put("realm_access", roles(List.of("agency-officer")));
    })).isFalse();
    assertThat(accepts(c -> c.put("preferred_username", List.of("a")))).isFalse();
    assertThat(accepts(c -> c.put("preferred_username", "x".repeat(256)))).isFalse();
    assertThat(accepts(c -> c.put("preferred_username", "supervisor-1\nREQUEST_APPROVED"))).isFalse();
    assertThat(accepts(c -> c.put("preferred_username", "officer\u0000"))).isFalse();
  }
}
