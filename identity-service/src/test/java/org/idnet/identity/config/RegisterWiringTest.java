package org.idnet.identity.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.idnet.identity.api.SandboxCitizensGrpcService;
import org.idnet.identity.domain.PopulationRegister;
import org.idnet.identity.store.HttpPopulationRegister;
import org.idnet.identity.store.SyntheticPopulation;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Which register exists in which profile, and start-up refusing an incomplete production setup. */
class RegisterWiringTest {

  private static final String API_KEY = "wiring-test-register-key";

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withUserConfiguration(RegisterConfiguration.class);

  @Test
  void startWhenNoProfileThenHttpRegisterAndNoSandboxCitizens() {
    runner.withPropertyValues("idnet.identity.register.url=http://127.0.0.1:1/register",
            "idnet.identity.register.api-key=" + API_KEY, "idnet.identity.register.request-timeout=1500ms")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(PopulationRegister.class)).isInstanceOf(HttpPopulationRegister.class);
          assertThat(context).doesNotHaveBean(SyntheticPopulation.class);
          assertThat(context).doesNotHaveBean(SandboxCitizensGrpcService.class);
          RegisterProperties properties = context.getBean(RegisterProperties.class);
          assertThat(properties.requestTimeout()).isEqualTo(Duration.ofMillis(1500));
          assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
          assertThat(properties.apiKeyHeader()).isEqualTo("X-Api-Key");
          assertThat(properties.breaker().minimumNumberOfCalls()).isEqualTo(10);
          assertThat(properties.toString()).doesNotContain(API_KEY);
        });
  }

  @Test
  void startWhenSandboxProfileThenSyntheticPopulationAndListCitizensWithoutAnyUrl() {
    runner.withInitializer(context -> context.getEnvironment().setActiveProfiles("sandbox"))
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(PopulationRegister.class)).isInstanceOf(SyntheticPopulation.class);
          assertThat(context).hasSingleBean(SandboxCitizensGrpcService.class);
          assertThat(context).doesNotHaveBean(HttpPopulationRegister.class);
        });
  }

  @Test
  void startWhenNoProfileAndNoUrlThenFailsNamingTheProperty() {
    runner.withPropertyValues("idnet.identity.register.api-key=" + API_KEY)
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("idnet.identity.register.url is required"));
  }

  @Test
  void startWhenNoProfileAndNoApiKeyThenFailsNamingTheProperty() {
    runner.withPropertyValues("idnet.identity.register.url=http://127.0.0.1:1/register")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("idnet.identity.register.api-key is required"));
  }

  @Test
  void startWhenRegisterUrlIsPlainHttpToAnotherHostThenFailsNamingTheProperty() {
    runner.withPropertyValues("idnet.identity.register.url=http://register.gov.invalid/v1",
            "idnet.identity.register.api-key=" + API_KEY)
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageStartingWith("idnet.identity.register.url must be an https:// URL")
            .hasMessageContaining("not http://register.gov.invalid")
            .hasMessageNotContaining(API_KEY));
    runner.withPropertyValues("idnet.identity.register.url=https://register.gov.invalid/v1",
            "idnet.identity.register.api-key=" + API_KEY)
        .run(context -> assertThat(context).hasNotFailed());
  }
}
