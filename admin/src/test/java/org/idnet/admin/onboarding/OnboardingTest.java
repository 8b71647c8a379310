package org.idnet.admin.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Creation against the gateways' deny-list: a denied id is refused, an unreadable list is a warning. */
class OnboardingTest {

  private final Registry registry = new Registry();
  private final List<String> warnings = new ArrayList<>();

  @Test
  void anIdOnTheDenyListIsRefusedAsAConflictAndNothingIsCreated() {
    Onboarding onboarding = new Onboarding(registry, new FixedDenyList(Set.of("banned", "gone-agency-officer-2")),
        warnings::add);

    assertThatThrownBy(() -> onboarding.create(ServiceClient.of(new ClientId("banned"), null, ApiRole.PLATFORM)))
        .isInstanceOf(OnboardingException.class)
        .satisfies(e -> assertThat(((OnboardingException) e).problem()).isEqualTo(OnboardingException.Problem.CONFLICT))
        .hasMessageContaining("'banned' is on the gateways' deny-list").hasMessageContaining("nothing was created");
    assertThatThrownBy(() -> onboarding.createAgency(new Agency(new AgencyId("gone-agency"), 2, 1)))
        .satisfies(e -> assertThat(((OnboardingException) e).problem()).isEqualTo(OnboardingException.Problem.CONFLICT))
        .hasMessageContaining("gone-agency-officer-2 are on the gateways' deny-list");
    assertThat(registry.created).isEmpty();
    assertThat(warnings).isEmpty();

    assertThat(onboarding.create(ServiceClient.of(new ClientId("welcome"), null, ApiRole.PLATFORM)).id().value())
        .isEqualTo("welcome");
    assertThat(registry.created).containsExactly("welcome");
  }

  @Test
  void anUnreadableDenyListIsAWarningAndCreationGoesOn() {
    DenyList unreachable = new FixedDenyList(null);
    Onboarding onboarding = new Onboarding(registry, unreachable, warnings::add);

    onboarding.create(ServiceClient.of(new ClientId("acme"), null, ApiRole.CARRIER));
    onboarding.createAgency(new Agency(new AgencyId("customs"), 1, 1));

    assertThat(registry.created).containsExactly("acme", "customs-officer-1", "customs-supervisor-1");
    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(0)).contains("could not check the gateways' deny-list").contains("Redis is down")
        .contains("creating acme anyway").contains("idnet-admin denied");
  }

  /** Keycloak as far as creation needs it. */
  static final class Registry implements ClientRegistry {

    final List<String> created = new ArrayList<>();

    @Override
    public boolean exists(ClientId id) {
      return created.contains(id.value());
    }

    @Override
    public Secret create(ServiceClient client) {
      created.add(client.id().value());
      return new Secret("secret-of-" + client.id());
    }

    @Override
    public void remove(ClientId id) {
      created.remove(id.value());
    }
  }

  /** A deny-list holding these ids, or unreadable (null). */
  record FixedDenyList(Set<String> ids) implements DenyList {

    @Override
    public long deny(ClientId id) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long allow(ClientId id) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Set<String> members() {
      if (ids == null) {
        throw OnboardingException.failed("Redis is down", null);
      }
      return new TreeSet<>(ids);
    }
  }
}
