package org.idnet.identity.config;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.idnet.caller.evidence.EvidenceVerifier;
import org.idnet.caller.evidence.IssuerKeys;
import org.idnet.identity.api.ProtoGrantDecoder;
import org.idnet.identity.domain.FourEyes;
import org.idnet.identity.domain.IdentityRelease;
import org.idnet.identity.domain.OfficialTokens;
import org.idnet.identity.domain.PersonStore;
import org.idnet.identity.domain.PhoneBindingStore;
import org.idnet.identity.store.BlindIndex;
import org.idnet.identity.store.IssuerKeyRefresh;
import org.idnet.identity.store.JdbcGrantLedger;
import org.idnet.identity.store.JdbcIssuerKeyArchive;
import org.idnet.identity.store.JdbcRefusalLog;
import org.idnet.identity.store.JwtOfficialTokens;
import org.idnet.identity.store.TinkGrantSignatures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * ReleaseIdentity for lawful disclosure: grants verified against disclosure-service's published
 * public keys, with four eyes proven by the officials' own tokens (checked against every key the
 * issuer has published, fetched on a schedule and kept in PostgreSQL), released once per request
 * (the ledger shares the service's data source and transactions with the person and phone stores,
 * so the records and the reads commit together), refusals recorded and counted.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({IdentityProperties.class, EvidenceProperties.class})
class ReleaseConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ReleaseConfiguration.class);
  static final Duration MAX_KEY_AGE = Duration.ofMinutes(5);

  /** {@code idnet.evidence.issuer-uri} is set (not blank). */
  static final class IssuerConfigured implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      String issuer = context.getEnvironment().getProperty("idnet.evidence.issuer-uri");
      return issuer != null && !issuer.isBlank();
    }
  }

  @Bean
  JdbcIssuerKeyArchive issuerKeyArchive(EvidenceProperties properties, DataSource dataSource, BlindIndex blindIndex,
      Clock clock) {
    return new JdbcIssuerKeyArchive(dataSource, properties.configured() ? properties.issuerUri() : "",
        blindIndex::of, blindIndex::candidates, clock);
  }

  /** Refetches for unknown key ids at most once per {@link EvidenceProperties#MIN_REFETCH}, as at the gateway. */
  @Bean
  @Conditional(IssuerConfigured.class)
  IssuerKeys issuerKeys(EvidenceProperties properties, JdbcIssuerKeyArchive archive, Clock clock) {
    return new IssuerKeys(properties.issuerUri(), properties.jwksUri(), archive, clock, EvidenceProperties.MIN_REFETCH,
        MAX_KEY_AGE, org.idnet.caller.evidence.IssuerTrust.of(properties.trustFile()));
  }

  /** Started once the context is up: the first fetch runs at once on its own thread, so start-up never waits for the issuer. */
  @Bean
  @Conditional(IssuerConfigured.class)
  IssuerKeyRefresh issuerKeyRefresh(IssuerKeys keys, JdbcIssuerKeyArchive archive, EvidenceProperties properties,
      Clock clock) {
    return new IssuerKeyRefresh(keys::refresh, archive::purge, clock, properties.refreshEvery(),
        properties.keyRetention());
  }

  /** The evidence verifier; without an issuer, one that refuses every token. */
  @Bean
  EvidenceVerifier evidenceVerifier(EvidenceProperties properties, ObjectProvider<IssuerKeys> issuerKeys,
      Clock clock) {
    IssuerKeys keys = issuerKeys.getIfAvailable();
    if (keys == null) {
      log.warn("idnet.evidence.issuer-uri is not set: every ReleaseIdentity is refused (no officials' tokens can "
          + "be verified)");
      return new EvidenceVerifier((selector, context) -> List.of(), "", properties.audience(), clock,
          properties.clockSkew());
    }
    return new EvidenceVerifier(keys, properties.audience(), clock, properties.clockSkew());
  }

  @Bean
  JdbcRefusalLog refusalLog(DataSource dataSource, MeterRegistry meters) {
    return new JdbcRefusalLog(dataSource, meters);
  }

  @Bean
  TinkGrantSignatures trustedGrantKeys(IdentityProperties properties) {
    return new TinkGrantSignatures(properties.disclosureGrants().publicKeysetFile());
  }

  @Bean
  JdbcGrantLedger grantLedger(DataSource dataSource, PlatformTransactionManager transactionManager,
      BlindIndex blindIndex) {
    return new JdbcGrantLedger(dataSource, transactionManager, blindIndex::of, blindIndex::candidates);
  }

  /**
   * Without an issuer no token is evidence (filer-evidence), never "pending": no fetch will ever
   * bring its keys.
   */
  @Bean
  IdentityRelease identityRelease(TinkGrantSignatures keys, JdbcGrantLedger ledger, PersonStore persons,
      PhoneBindingStore phones, Clock clock, EvidenceVerifier evidence, EvidenceProperties properties,
      JdbcRefusalLog refusals, JdbcIssuerKeyArchive archive) {
    OfficialTokens tokens = properties.configured()
        ? new JwtOfficialTokens(evidence, archive, properties.refreshEvery(), properties.clockSkew())
        : token -> {
          throw new OfficialTokens.InvalidToken("issuer: idnet.evidence.issuer-uri is not set");
        };
    return new IdentityRelease(keys, new ProtoGrantDecoder(), ledger, persons, phones, clock,
        new FourEyes(tokens, properties.maxTokenLifetime(), properties.clockSkew(), properties.maxRequestLife(),
            properties.releaseHorizon()),
        refusals);
  }
}
