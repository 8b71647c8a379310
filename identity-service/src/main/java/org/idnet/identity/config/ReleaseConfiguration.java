package org.idnet.identity.config;

import java.time.Clock;
import javax.sql.DataSource;
import org.idnet.identity.api.ProtoGrantDecoder;
import org.idnet.identity.domain.IdentityRelease;
import org.idnet.identity.domain.PersonStore;
import org.idnet.identity.domain.PhoneBindingStore;
import org.idnet.identity.store.JdbcGrantLedger;
import org.idnet.identity.vault.TrustedGrantKeys;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * ReleaseIdentity for lawful disclosure: grants verified against disclosure-service's published
 * public keys, used once (the replay store shares the service's data source and transactions with
 * the person and phone stores, so the use and the reads commit together).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdentityProperties.class)
class ReleaseConfiguration {

  @Bean
  TrustedGrantKeys trustedGrantKeys(IdentityProperties properties) {
    return new TrustedGrantKeys(properties.disclosureGrants().publicKeysetFile());
  }

  @Bean
  JdbcGrantLedger grantLedger(DataSource dataSource, PlatformTransactionManager transactionManager) {
    return new JdbcGrantLedger(dataSource, transactionManager);
  }

  @Bean
  IdentityRelease identityRelease(TrustedGrantKeys keys, JdbcGrantLedger ledger, PersonStore persons,
      PhoneBindingStore phones, Clock clock) {
    return new IdentityRelease(keys, new ProtoGrantDecoder(), ledger, persons, phones, clock);
  }
}
