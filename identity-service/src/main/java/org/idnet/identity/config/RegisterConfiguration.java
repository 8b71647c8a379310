package org.idnet.identity.config;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.ZoneId;
import org.idnet.caller.urls.HttpsOnly;
import org.idnet.identity.api.SandboxCitizensGrpcService;
import org.idnet.identity.store.HttpPopulationRegister;
import org.idnet.identity.store.SyntheticPopulation;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The population register: the national register over HTTP, or, in the sandbox profile only, the
 * synthetic population and ListCitizens, which lists people it confirms. Production must never
 * serve that list nor confirm invented people, so both hang on the profile and nothing else.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RegisterProperties.class)
class RegisterConfiguration {

  static final String SANDBOX = "sandbox";
  /** Ages in the sandbox list are counted on the civil date in Vietnam. */
  static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

  @Bean
  @Profile(SANDBOX)
  SyntheticPopulation syntheticPopulation() {
    return new SyntheticPopulation();
  }

  @Bean
  @Profile(SANDBOX)
  SandboxCitizensGrpcService sandboxCitizensGrpcService(SyntheticPopulation population) {
    return new SandboxCitizensGrpcService(population, Clock.system(VIETNAM));
  }

  @Bean
  @Profile("!" + SANDBOX)
  HttpPopulationRegister httpPopulationRegister(RegisterProperties properties) {
    return http(properties);
  }

  static HttpPopulationRegister http(RegisterProperties p) {
    if (p.url() == null) {
      throw new IllegalStateException("idnet.identity.register.url is required: the base URL of the national "
          + "population register (only the sandbox profile runs without one)");
    }
    if (p.apiKey() == null || p.apiKey().isBlank()) {
      throw new IllegalStateException("idnet.identity.register.api-key is required with idnet.identity.register.url");
    }
    HttpsOnly.require("idnet.identity.register.url", p.url(),
        "the register's API key and the citizen ids, names and birth dates being confirmed are sent there");
    RegisterProperties.Breaker b = p.breaker();
    CircuitBreaker breaker = CircuitBreaker.of("population-register", CircuitBreakerConfig.custom()
        .failureRateThreshold(b.failureRateThreshold())
        .slidingWindowSize(b.slidingWindowSize())
        .minimumNumberOfCalls(b.minimumNumberOfCalls())
        .waitDurationInOpenState(b.waitInOpenState())
        .build());
    return new HttpPopulationRegister(p.url(), p.apiKeyHeader(), p.apiKey(), p.connectTimeout(), p.requestTimeout(),
        breaker);
  }
}
