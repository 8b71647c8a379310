package org.idnet.identity.config;

import java.time.Clock;
import javax.sql.DataSource;
import org.idnet.identity.domain.AccountVerifier;
import org.idnet.identity.domain.CapabilityPolicy;
import org.idnet.identity.domain.PhoneBinder;
import org.idnet.identity.domain.PhoneBindingStore;
import org.idnet.identity.store.JdbcPhoneBindingStore;
import org.idnet.identity.vault.BlindIndex;
import org.idnet.identity.vault.FieldCipher;
import org.idnet.identity.vault.KeyProvider;
import org.idnet.identity.vault.KeysetFileKeyProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Use cases, their store and the vault. Keys are loaded while the context starts, so a missing or
 * wrong keyset stops the service before it takes a call. The production KMS adapter will replace
 * the {@link KeyProvider} bean (next issue); everything else stays.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdentityProperties.class)
class IdentityConfiguration {

  @Bean
  KeyProvider keyProvider(IdentityProperties properties) {
    return new KeysetFileKeyProvider(properties.keys().directory(), properties.keys().createIfMissing());
  }

  @Bean
  FieldCipher fieldCipher(KeyProvider keys) {
    return new FieldCipher(keys);
  }

  @Bean
  BlindIndex blindIndex(KeyProvider keys) {
    return new BlindIndex(keys);
  }

  @Bean
  JdbcPhoneBindingStore phoneBindingStore(DataSource dataSource, PlatformTransactionManager transactionManager,
      FieldCipher cipher, BlindIndex blindIndex) {
    return new JdbcPhoneBindingStore(dataSource, transactionManager, cipher, blindIndex);
  }

  @Bean
  CapabilityPolicy capabilityPolicy(IdentityProperties properties) {
    return new CapabilityPolicy(properties.capabilities().phone(), properties.capabilities().realName());
  }

  @Bean
  AccountVerifier accountVerifier(PhoneBindingStore bindings, CapabilityPolicy policy) {
    return new AccountVerifier(bindings, policy);
  }

  @Bean
  PhoneBinder phoneBinder(PhoneBindingStore bindings, AccountVerifier verifier) {
    return new PhoneBinder(bindings, verifier, Clock.systemUTC());
  }
}
