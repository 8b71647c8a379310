package org.idnet.admin.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdsTest {

  @Test
  void clientIdsAreShortLowerCaseDnsLabels() {
    assertThat(new ClientId("platform-a").value()).isEqualTo("platform-a");
    assertThat(new ClientId("a1").value()).isEqualTo("a1");
    assertThat(new ClientId("a".repeat(63)).value()).hasSize(63);
    for (String bad : new String[] {"a", "A1", "a_b", "-ab", "ab-", "a b", "a.b", "a".repeat(64), "", "ab\n", "é1"}) {
      assertThatThrownBy(() -> new ClientId(bad)).as(bad).isInstanceOf(OnboardingException.class)
          .satisfies(e -> assertThat(((OnboardingException) e).problem()).isEqualTo(OnboardingException.Problem.INVALID));
    }
  }

  @Test
  void keycloaksAndIdnetsOwnClientsAreReserved() {
    for (String reserved : new String[] {"admin-cli", "account", "account-console", "broker", "realm-management",
        "security-admin-console", "idnet-admin", "idnet"}) {
      assertThatThrownBy(() -> new ClientId(reserved)).as(reserved).hasMessageContaining("reserved");
    }
  }

  @Test
  void anAgencyNamesItsClientsAndRefusesCountsAndIdsThatDoNotFit() {
    assertThat(new Agency(new AgencyId("police-hn"), 2, 1).clients())
        .extracting(c -> c.id().value() + " " + c.role().roleName() + " " + c.agency().orElseThrow())
        .containsExactly("police-hn-officer-1 agency-officer police-hn", "police-hn-officer-2 agency-officer police-hn",
            "police-hn-supervisor-1 agency-supervisor police-hn");
    assertThatThrownBy(() -> new Agency(new AgencyId("x1"), 0, 1)).hasMessageContaining("--officers");
    assertThatThrownBy(() -> new Agency(new AgencyId("x1"), 1, 51)).hasMessageContaining("--supervisors");
    assertThatThrownBy(() -> new Agency(new AgencyId("a".repeat(55)), 1, 1).clients()).hasMessageContaining("too long");
  }

  @Test
  void aSecretIsNeverPrintedByAccident() {
    Secret secret = new Secret("s3cr3t-value");
    assertThat(secret.toString()).doesNotContain("s3cr3t");
    assertThat(new Created(new ClientId("ab"), secret).toString()).doesNotContain("s3cr3t");
  }
}
