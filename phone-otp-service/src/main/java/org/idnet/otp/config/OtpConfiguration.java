package org.idnet.otp.config;

import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Set;
import org.idnet.otp.api.PhoneVerificationGrpcService;
import org.idnet.otp.domain.AbuseAlarm;
import org.idnet.otp.domain.CodeChecker;
import org.idnet.otp.domain.CodeGenerator;
import org.idnet.otp.domain.CodeHasher;
import org.idnet.otp.domain.HostedSessionRules;
import org.idnet.otp.domain.IdempotentStarter;
import org.idnet.otp.domain.KeyDerivation;
import org.idnet.otp.domain.OtpPolicy;
import org.idnet.otp.domain.PhoneBinder;
import org.idnet.otp.domain.SmsSender;
import org.idnet.otp.domain.VerificationIds;
import org.idnet.otp.domain.VerificationReader;
import org.idnet.otp.domain.VerificationStarter;
import org.idnet.otp.store.MicrometerAbuseAlarm;
import org.idnet.otp.store.PhoneCipher;
import org.idnet.otp.store.PhoneIndex;
import org.idnet.otp.store.RedisCodeChecks;
import org.idnet.otp.store.RedisConnector;
import org.idnet.otp.store.RedisIdempotencyStore;
import org.idnet.otp.store.RedisResendStore;
import org.idnet.otp.store.RedisSendLimiter;
import org.idnet.otp.store.RedisSessionCounters;
import org.idnet.otp.store.RedisVerificationStore;
import org.idnet.phone.PhoneNumberNormalizer;
import org.idnet.redis.RedisEndpoint;
import org.idnet.redis.spring.RedisTrustProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the use cases to Redis, the SMS adapter and identity-service. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({OtpProperties.class, RedisTrustProperties.class})
public class OtpConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  OtpPolicy otpPolicy(OtpProperties p) {
    return Policies.from(p);
  }

  @Bean(destroyMethod = "close")
  RedisConnector redisConnector(OtpProperties p, RedisTrustProperties trust) {
    return new RedisConnector(RedisEndpoint.of("idnet.otp.redis-url", p.redisUrl(), trust.trustFile()),
        p.redisTimeout(), p.redisReconnectDelay());
  }

  @Bean
  CodeHasher codeHasher(OtpProperties p) {
    return new CodeHasher(KeyDerivation.decode("idnet.otp.code-hash-key", p.codeHashKey(), 32));
  }

  @Bean
  PhoneIndex phoneIndex(OtpProperties p) {
    return new PhoneIndex(KeyDerivation.decode("idnet.otp.code-hash-key", p.codeHashKey(), 32));
  }

  @Bean
  PhoneCipher phoneCipher(OtpProperties p) {
    return new PhoneCipher(KeyDerivation.decode("idnet.otp.data-key", p.dataKey(), 32));
  }

  @Bean
  AbuseAlarm abuseAlarm(MeterRegistry registry) {
    return new MicrometerAbuseAlarm(registry);
  }

  @Bean
  RedisVerificationStore verificationStore(RedisConnector redis, PhoneCipher cipher, OtpPolicy policy) {
    return new RedisVerificationStore(redis, cipher, policy);
  }

  @Bean
  VerificationReader verificationReader(RedisVerificationStore store, Clock clock) {
    return new VerificationReader(store, clock);
  }

  @Bean
  VerificationStarter verificationStarter(OtpProperties p, OtpPolicy policy, RedisConnector redis, PhoneIndex index,
      CodeHasher hasher, RedisVerificationStore store, VerificationReader reader, SmsSender sms, AbuseAlarm alarm,
      Clock clock) {
    SecureRandom random = new SecureRandom();
    return new VerificationStarter(
        PhoneNumberNormalizer.smsCapable(p.defaultRegion(), Set.copyOf(p.allowedRegions())),
        new VerificationIds(random), new CodeGenerator(random), hasher,
        new RedisSendLimiter(redis, index, policy), store, new RedisResendStore(redis, index, policy),
        reader, sms, alarm, policy, clock);
  }

  @Bean
  CodeChecker codeChecker(VerificationReader reader, CodeHasher hasher, RedisConnector redis, PhoneIndex index,
      OtpPolicy policy, PhoneBinder binder, Clock clock) {
    return new CodeChecker(reader, hasher, new RedisCodeChecks(redis, index, policy), binder, clock);
  }

  @Bean
  IdempotentStarter idempotentStarter(VerificationStarter starter, RedisConnector redis, PhoneCipher cipher,
      OtpProperties p) {
    return new IdempotentStarter(starter, new RedisIdempotencyStore(redis, cipher,
        KeyDerivation.decode("idnet.otp.code-hash-key", p.codeHashKey(), 32), p.idempotencyWindow()));
  }

  @Bean
  PhoneVerificationGrpcService phoneVerificationGrpcService(IdempotentStarter creator, VerificationStarter starter,
      VerificationReader reader, CodeChecker checker, RedisConnector redis) {
    return new PhoneVerificationGrpcService(creator, starter, reader, checker,
        new HostedSessionRules(new RedisSessionCounters(redis)));
  }
}
