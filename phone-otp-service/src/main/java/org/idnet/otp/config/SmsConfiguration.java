package org.idnet.otp.config;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import org.idnet.caller.urls.HttpsOnly;
import org.idnet.otp.api.SandboxSmsGrpcService;
import org.idnet.otp.domain.SmsSender;
import org.idnet.otp.store.HttpSmsSender;
import org.idnet.otp.store.InMemorySmsOutbox;
import org.idnet.otp.store.RedisConnector;
import org.idnet.otp.store.RedisSmsOutbox;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Picks the SMS adapter ({@code idnet.otp.sms.adapter}). The outbox keeps codes and numbers in
 * Redis for developers to read, and the recording adapter (the benchmark's) keeps the last one per
 * number in memory, so they and ListSms exist only with the sandbox profile.
 */
@Configuration(proxyBeanMethods = false)
public class SmsConfiguration {

  static final String SANDBOX = "sandbox";

  @Bean
  SmsSender smsSender(OtpProperties p, RedisConnector redis, Clock clock, Environment environment) {
    String adapter = p.sms().adapter();
    if ("outbox".equals(adapter)) {
      if (!environment.acceptsProfiles(Profiles.of(SANDBOX))) {
        throw new IllegalStateException("idnet.otp.sms.adapter=outbox needs the sandbox profile");
      }
      return new RedisSmsOutbox(redis, clock);
    }
    if ("recording".equals(adapter)) {
      if (!environment.acceptsProfiles(Profiles.of(SANDBOX))) {
        throw new IllegalStateException("idnet.otp.sms.adapter=recording needs the sandbox profile");
      }
      return new InMemorySmsOutbox(clock);
    }
    if ("http".equals(adapter)) {
      return http(p.sms().http());
    }
    throw new IllegalStateException("idnet.otp.sms.adapter must be 'http', 'outbox' or 'recording'");
  }

  @Bean
  @Profile(SANDBOX)
  SandboxSmsGrpcService sandboxSmsGrpcService(SmsSender sender, RedisConnector redis, Clock clock) {
    // The recording adapter is read where it records; otherwise the Redis outbox.
    return new SandboxSmsGrpcService(sender instanceof InMemorySmsOutbox recording ? recording
        : new RedisSmsOutbox(redis, clock));
  }

  static HttpSmsSender http(OtpProperties.Http http) {
    if (http.url() == null) {
      throw new IllegalStateException("idnet.otp.sms.http.url is required with idnet.otp.sms.adapter=http "
          + "(use the sandbox profile for the outbox)");
    }
    if (http.apiKey() == null || http.apiKey().isBlank()) {
      throw new IllegalStateException("idnet.otp.sms.http.api-key is required with idnet.otp.sms.adapter=http");
    }
    HttpsOnly.require("idnet.otp.sms.http.url", http.url(),
        "the provider's API key, the phone numbers and the one-time codes are sent there");
    OtpProperties.Breaker b = http.breaker();
    CircuitBreaker breaker = CircuitBreaker.of("sms-provider", CircuitBreakerConfig.custom()
        .failureRateThreshold(b.failureRateThreshold())
        .slidingWindowSize(b.slidingWindowSize())
        .minimumNumberOfCalls(b.minimumNumberOfCalls())
        .waitDurationInOpenState(b.waitInOpenState())
        .build());
    return new HttpSmsSender(http.url(), http.apiKeyHeader(), http.apiKey(), http.connectTimeout(),
        http.requestTimeout(), breaker);
  }
}
