package org.idnet.disclosure.config;

import java.time.Clock;
import javax.sql.DataSource;
import org.idnet.disclosure.audit.domain.AuditLog;
import org.idnet.disclosure.events.domain.NoticeAnnouncer;
import org.idnet.disclosure.events.store.JdbcEventOutbox;
import org.idnet.disclosure.release.api.ProtoRequestDigester;
import org.idnet.disclosure.release.domain.GrantIssuer;
import org.idnet.disclosure.release.domain.IdentityReleaser;
import org.idnet.disclosure.release.domain.PackageCipher;
import org.idnet.disclosure.reports.api.NoticeGrpcService;
import org.idnet.disclosure.reports.api.TransparencyGrpcService;
import org.idnet.disclosure.reports.domain.NoticeReader;
import org.idnet.disclosure.reports.domain.TransparencyReporter;
import org.idnet.disclosure.reports.store.JdbcNoticeStore;
import org.idnet.disclosure.reports.store.JdbcTransparencyStore;
import org.idnet.disclosure.requests.api.DisclosureRequestGrpcService;
import org.idnet.disclosure.requests.api.LegalBasisGrpcService;
import org.idnet.disclosure.requests.domain.DeadlineSweeper;
import org.idnet.disclosure.requests.domain.Deadlines;
import org.idnet.disclosure.requests.domain.LegalBasis;
import org.idnet.disclosure.requests.domain.LegalBasisCatalogue;
import org.idnet.disclosure.requests.domain.PackageReader;
import org.idnet.disclosure.requests.domain.PackageSweeper;
import org.idnet.disclosure.requests.domain.ReleaseOrchestrator;
import org.idnet.disclosure.requests.domain.ReleasePolicy;
import org.idnet.disclosure.requests.domain.ReleasePorts;
import org.idnet.disclosure.requests.domain.RequestCreator;
import org.idnet.disclosure.requests.domain.RequestDecisions;
import org.idnet.disclosure.requests.domain.RequestReader;
import org.idnet.disclosure.requests.domain.Transactions;
import org.idnet.disclosure.requests.store.JdbcEvidenceStore;
import org.idnet.disclosure.requests.store.JdbcIdempotencyStore;
import org.idnet.disclosure.requests.store.JdbcPackageStore;
import org.idnet.disclosure.requests.store.JdbcReleaseQueue;
import org.idnet.disclosure.requests.store.JdbcRequestStore;
import org.idnet.disclosure.requests.store.RequestTargetsMigration;
import org.idnet.disclosure.requests.store.SpringTransactions;
import org.idnet.disclosure.requests.store.TargetSealer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The request workflow: catalogue, stores, use cases, their gRPC faces and the jobs. The audit log
 * (AuditConfiguration), the release ports (KeysConfiguration, ReleaseClientConfiguration) and the
 * event outbox (EventsConfiguration) come from their own configurations.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DisclosureProperties.class)
@EnableScheduling
class RequestsConfiguration {

  @Bean
  LegalBasisCatalogue legalBasisCatalogue(DisclosureProperties properties) {
    return new LegalBasisCatalogue(properties.legalBases().stream()
        .map(e -> new LegalBasis(e.code() == null ? "" : e.code(), e.title() == null ? "" : e.title(),
            e.allowedFields() == null ? java.util.Set.of() : e.allowedFields(), e.emergencyAllowed()))
        .toList());
  }

  @Bean
  Transactions transactions(PlatformTransactionManager manager) {
    return new SpringTransactions(manager);
  }

  @Bean
  TargetSealer targetSealer(DisclosureKeysets keysets) {
    return new TargetSealer(keysets.accountIndex(), keysets.requestFields());
  }

  /** Schema version 7 needs the keys: Spring Boot hands Flyway every JavaMigration bean. */
  @Bean
  RequestTargetsMigration requestTargetsMigration(TargetSealer targets) {
    return new RequestTargetsMigration(targets);
  }

  @Bean
  JdbcRequestStore requestStore(DataSource dataSource, TargetSealer targets) {
    return new JdbcRequestStore(dataSource, targets);
  }

  @Bean
  JdbcPackageStore packageStore(DataSource dataSource) {
    return new JdbcPackageStore(dataSource);
  }

  /** The officials' tokens, sealed with the package key (a keyset the service already has; a new one would break deployed keyset directories). */
  @Bean
  JdbcEvidenceStore evidenceStore(DataSource dataSource, DisclosureKeysets keysets) {
    org.idnet.keysets.TinkRegistration.ensure();
    try {
      return new JdbcEvidenceStore(dataSource, keysets.packageEncryption().getPrimitive(
          com.google.crypto.tink.RegistryConfiguration.get(), com.google.crypto.tink.Aead.class));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("the package-encryption keyset does not give an AEAD", e);
    }
  }

  @Bean
  RequestCreator requestCreator(LegalBasisCatalogue catalogue, JdbcRequestStore requests, DataSource dataSource,
      AuditLog audit, Transactions transactions, Clock clock, DisclosureProperties properties,
      JdbcEvidenceStore evidence) {
    return new RequestCreator(catalogue, requests, new JdbcIdempotencyStore(dataSource), audit, transactions, clock,
        new Deadlines(properties.deadlines().standard(), properties.deadlines().emergency()),
        properties.idempotencyWindow(), new ProtoRequestDigester(), evidence);
  }

  @Bean
  RequestReader requestReader(JdbcRequestStore requests, Transactions transactions) {
    return new RequestReader(requests, requests, transactions);
  }

  @Bean
  ReleaseOrchestrator releaseOrchestrator(LegalBasisCatalogue catalogue, JdbcRequestStore requests,
      JdbcPackageStore packages, DataSource dataSource, TargetSealer targets, AuditLog audit, GrantIssuer grants,
      IdentityReleaser identity, PackageCipher cipher, Transactions transactions, Clock clock,
      DisclosureProperties properties, EvidenceProperties evidenceProperties, JdbcEvidenceStore evidence,
      JdbcEventOutbox outbox) {
    return new ReleaseOrchestrator(catalogue, new JdbcReleaseQueue(dataSource, targets), requests, packages, audit,
        new ReleasePorts(grants, identity, cipher, new ProtoRequestDigester()), transactions, clock, new ReleasePolicy(
            properties.packageLifetime(), properties.release().firstRetry(), properties.release().maxRetry(),
            evidenceProperties.releaseHorizon()),
        evidence, outbox);
  }

  @Bean
  RequestDecisions requestDecisions(LegalBasisCatalogue catalogue, JdbcRequestStore requests, AuditLog audit,
      Transactions transactions, Clock clock, ReleaseOrchestrator release, JdbcEvidenceStore evidence,
      DisclosureProperties properties) {
    return new RequestDecisions(catalogue, requests, audit, transactions, clock, release, new ProtoRequestDigester(),
        evidence, properties.approvalLoginWithin());
  }

  @Bean
  PackageReader packageReader(JdbcRequestStore requests, JdbcPackageStore packages, PackageCipher cipher,
      AuditLog audit, Transactions transactions, Clock clock) {
    return new PackageReader(requests, packages, cipher, audit, transactions, clock);
  }

  @Bean
  DisclosureRequestGrpcService disclosureRequestGrpcService(RequestCreator creator, RequestReader reader,
      RequestDecisions decisions, PackageReader packages) {
    return new DisclosureRequestGrpcService(creator, reader, decisions, packages);
  }

  @Bean
  LegalBasisGrpcService legalBasisGrpcService(LegalBasisCatalogue catalogue) {
    return new LegalBasisGrpcService(catalogue);
  }

  @Bean
  NoticeGrpcService noticeGrpcService(DataSource dataSource, TargetSealer targets, Transactions transactions,
      Clock clock) {
    return new NoticeGrpcService(new NoticeReader(new JdbcNoticeStore(dataSource, targets), transactions, clock));
  }

  @Bean
  TransparencyGrpcService transparencyGrpcService(DataSource dataSource, Transactions transactions, Clock clock,
      DisclosureProperties properties) {
    return new TransparencyGrpcService(new TransparencyReporter(new JdbcTransparencyStore(dataSource), transactions,
        clock, properties.reportPeriod()));
  }

  @Bean
  @ConditionalOnProperty(name = "idnet.disclosure.jobs.enabled", havingValue = "true", matchIfMissing = true)
  DisclosureJobs disclosureJobs(JdbcRequestStore requests, JdbcPackageStore packages, DataSource dataSource,
      AuditLog audit, Transactions transactions, Clock clock, ReleaseOrchestrator releases,
      NoticeAnnouncer notices, DisclosureProperties properties) {
    var jobs = properties.jobs();
    return new DisclosureJobs(
        new DeadlineSweeper(requests, requests, new JdbcIdempotencyStore(dataSource), audit, transactions, clock,
            properties.idempotencyWindow()),
        releases,
        new PackageSweeper(packages, audit, transactions, clock),
        notices,
        new DisclosureJobs.Intervals(jobs.deadlineInterval(), jobs.releaseInterval(), jobs.packageExpiryInterval(),
            jobs.noticeInterval(), jobs.batchSize()));
  }
}
