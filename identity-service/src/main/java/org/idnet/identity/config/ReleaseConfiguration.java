package org.idnet.identity.config;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.idnet.caller.evidence.EvidenceVerifier;
import org.idnet.caller.evidence.IssuerKeys;
import org.idnet.identity.domain.FourEyes;
import org.idnet.identity.evidence.IssuerOfficialTokens;
import org.idnet.identity.store.JdbcIssuerKeyArchive;
import org.idnet.identity.store.JdbcRefusalLog;
import org.idnet.identity.vault.BlindIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * public keys, with four eyes proven by the officials' own tokens (checked against every key the
 * issuer has published, kept in PostgreSQL), released once per request (the ledger shares the
 * service's data source and transactions with the person and phone stores, so the records and the
 * reads commit together), refusals recorded and counted.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({IdentityProperties.class, EvidenceProperties.class})
class ReleaseConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ReleaseConfiguration.class);
  /** Refetches of the issuer's keys for unknown key ids: at most one a minute, as at the gateway. */
  static final Duration MIN_REFETCH = Duration.ofMinutes(1);
  static final Duration MAX_KEY_AGE = Duration.ofMinutes(5);

  /** The evidence verifier; without an issuer, one that refuses every token. */
  @Bean
  EvidenceVerifier evidenceVerifier(EvidenceProperties properties, DataSource dataSource, BlindIndex blindIndex,
      Clock clock) {
    if (!properties.configured()) {
      log.warn("idnet.evidence.issuer-uri is not set: every ReleaseIdentity is refused (no officials' tokens can "
          + "be verified)");
      return new EvidenceVerifier((selector, context) -> java.util.List.of(), "", properties.audience(), clock,
          properties.clockSkew());
    }
    return new EvidenceVerifier(new IssuerKeys(properties.issuerUri(), properties.jwksUri(),
        new JdbcIssuerKeyArchive(dataSource, properties.issuerUri(), blindIndex::of, clock), clock, MIN_REFETCH,
        MAX_KEY_AGE), properties.audience(), clock, properties.clockSkew());
  }

  @Bean
  JdbcRefusalLog refusalLog(DataSource dataSource, MeterRegistry meters) {
    return new JdbcRefusalLog(dataSource, meters);
  }

  @Bean
  TrustedGrantKeys trustedGrantKeys(IdentityProperties properties) {
    return new TrustedGrantKeys(properties.disclosureGrants().publicKeysetFile());
  }

  @Bean
  JdbcGrantLedger grantLedger(DataSource dataSource, PlatformTransactionManager transactionManager,
      BlindIndex blindIndex) {
    return new JdbcGrantLedger(dataSource, transactionManager, blindIndex::of, blindIndex::candidates);
  }

  @Bean
  IdentityRelease identityRelease(TrustedGrantKeys keys, JdbcGrantLedger ledger, PersonStore persons,
      PhoneBindingStore phones, Clock clock, EvidenceVerifier evidence, EvidenceProperties properties,
      JdbcRefusalLog refusals) {
    return new IdentityRelease(keys, new ProtoGrantDecoder(), ledger, persons, phones, clock,
        new FourEyes(new IssuerOfficialTokens(evidence), properties.maxTokenLifetime(), properties.clockSkew()),
        refusals);
  }
}
