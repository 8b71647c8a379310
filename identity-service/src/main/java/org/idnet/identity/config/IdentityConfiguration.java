package org.idnet.identity.config;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.idnet.identity.domain.AccountCloser;
import org.idnet.identity.domain.AccountStandings;
import org.idnet.identity.domain.AccountStore;
import org.idnet.identity.domain.AccountVerifier;
import org.idnet.identity.domain.AgeRule;
import org.idnet.identity.domain.CapabilityPolicy;
import org.idnet.identity.domain.NumberEventRecorder;
import org.idnet.identity.domain.NumberEventStore;
import org.idnet.identity.domain.PersonStore;
import org.idnet.identity.domain.PhoneBinder;
import org.idnet.identity.domain.PhoneBindingStore;
import org.idnet.identity.domain.PopulationRegister;
import org.idnet.identity.domain.RealNameAttempts;
import org.idnet.identity.domain.RealNameRegistrar;
import org.idnet.identity.domain.VerificationCache;
import org.idnet.identity.store.AccountIdsMigration;
import org.idnet.identity.store.BlindIndex;
import org.idnet.identity.store.FieldCipher;
import org.idnet.identity.store.JdbcAccountStandings;
import org.idnet.identity.store.JdbcAccountStore;
import org.idnet.identity.store.JdbcFailedConfirmations;
import org.idnet.identity.store.JdbcNumberEventStore;
import org.idnet.identity.store.JdbcPersonStore;
import org.idnet.identity.store.JdbcPhoneBindingStore;
import org.idnet.identity.store.RedisVerificationCache;
import org.idnet.identity.store.Resilience4jRateLimit;
import org.idnet.identity.store.SubjectIds;
import org.idnet.phone.PhoneNumberNormalizer;
import org.idnet.redis.RedisEndpoint;
import org.idnet.redis.spring.RedisTrustProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Use cases and their adapters: PostgreSQL is the system of record, Redis a cache the service can
 * lose at any moment. The vault is {@link VaultConfiguration}, the register {@link RegisterConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({IdentityProperties.class, RedisTrustProperties.class})
class IdentityConfiguration {

  @Bean
  Clock identityClock() {
    return Clock.systemUTC();
  }

  @Bean
  AgeRule ageRule(IdentityProperties properties) {
    return new AgeRule(properties.zone());
  }

  /** Schema version 5 needs the vault's keys: Spring Boot hands Flyway every JavaMigration bean. */
  @Bean
  AccountIdsMigration accountIdsMigration(BlindIndex blindIndex, FieldCipher cipher) {
    return new AccountIdsMigration(blindIndex, cipher);
  }

  @Bean
  JdbcPhoneBindingStore phoneBindingStore(DataSource dataSource, PlatformTransactionManager transactionManager,
      FieldCipher cipher, BlindIndex blindIndex) {
    return new JdbcPhoneBindingStore(dataSource, transactionManager, cipher, blindIndex);
  }

  @Bean
  JdbcAccountStandings accountStandings(DataSource dataSource, FieldCipher cipher, BlindIndex blindIndex,
      AgeRule ages, IdentityProperties properties) {
    return new JdbcAccountStandings(dataSource, cipher, blindIndex, ages,
        properties.imports().importedValidFor());
  }

  @Bean
  JdbcPersonStore personStore(DataSource dataSource, PlatformTransactionManager transactionManager,
      FieldCipher cipher, BlindIndex blindIndex, SubjectIds subjectIds, AgeRule ages) {
    return new JdbcPersonStore(dataSource, transactionManager, cipher, blindIndex, subjectIds, ages);
  }

  @Bean
  JdbcAccountStore accountStore(DataSource dataSource, PlatformTransactionManager transactionManager,
      FieldCipher cipher, BlindIndex blindIndex) {
    return new JdbcAccountStore(dataSource, transactionManager, cipher, blindIndex);
  }

  @Bean
  JdbcNumberEventStore numberEventStore(DataSource dataSource, PlatformTransactionManager transactionManager,
      BlindIndex blindIndex, FieldCipher cipher) {
    return new JdbcNumberEventStore(dataSource, transactionManager, blindIndex, cipher);
  }

  @Bean(destroyMethod = "close")
  RedisVerificationCache verificationCache(IdentityProperties properties, RedisTrustProperties trust,
      BlindIndex blindIndex, MeterRegistry meters) {
    IdentityProperties.Cache cache = properties.cache();
    RedisEndpoint redis = RedisEndpoint.of("idnet.identity.cache.redis-url", cache.redisUrl(), trust.trustFile());
    return new RedisVerificationCache(redis, cache.keyPrefix(), cache.ttl(), cache.commandTimeout(),
        cache.retryDelay(), cache.invalidationHold(), blindIndex, meters, cache.invalidationChannel());
  }

  @Bean
  CapabilityPolicy capabilityPolicy(IdentityProperties properties) {
    return new CapabilityPolicy(properties.capabilities().phone(), properties.capabilities().realName());
  }

  @Bean
  AccountVerifier accountVerifier(AccountStandings standings, VerificationCache cache, CapabilityPolicy policy,
      Clock clock) {
    return new AccountVerifier(standings, cache, policy, clock);
  }

  @Bean
  PhoneBinder phoneBinder(PhoneBindingStore bindings, AccountVerifier verifier, Clock clock) {
    return new PhoneBinder(bindings, verifier, clock);
  }

  @Bean
  RealNameAttempts realNameAttempts(DataSource dataSource, BlindIndex blindIndex, AgeRule ages,
      IdentityProperties properties) {
    IdentityProperties.RealName limits = properties.realName();
    return new RealNameAttempts(new JdbcFailedConfirmations(dataSource, blindIndex),
        limits.maxFailedConfirmationsPerDay(),
        new Resilience4jRateLimit(limits.perPlatform().permits(), limits.perPlatform().period()), ages);
  }

  @Bean
  RealNameRegistrar realNameRegistrar(PopulationRegister register, RealNameAttempts attempts, PersonStore persons,
      AccountVerifier verifier, AgeRule ages, IdentityProperties properties, Clock clock) {
    return new RealNameRegistrar(register, attempts, persons, verifier, ages,
        properties.maxAccountsPerPersonPerPlatform(), clock);
  }

  @Bean
  AccountCloser accountCloser(AccountStore accounts, AccountVerifier verifier, Clock clock) {
    return new AccountCloser(accounts, verifier, clock);
  }

  @Bean
  NumberEventRecorder numberEventRecorder(NumberEventStore events, AccountVerifier verifier, IdentityProperties p,
      Clock clock) {
    IdentityProperties.PerCarrier perCarrier = p.numberEvents().perCarrier();
    return new NumberEventRecorder(PhoneNumberNormalizer.anyValid(p.numberEvents().defaultRegion()), events, verifier,
        clock, p.numberEvents().clockSkew(), new Resilience4jRateLimit(perCarrier.permits(), perCarrier.period()));
  }
}
