package org.idnet.disclosure.config;

import java.time.Clock;
import javax.sql.DataSource;
import org.idnet.disclosure.audit.api.AuditLogGrpcService;
import org.idnet.disclosure.audit.domain.AuditCheckpointIssuer;
import org.idnet.disclosure.audit.domain.AuditCheckpoints;
import org.idnet.disclosure.audit.domain.AuditHistory;
import org.idnet.disclosure.audit.domain.AuditLog;
import org.idnet.disclosure.audit.domain.AuditLogVerifier;
import org.idnet.disclosure.audit.domain.CheckpointSigner;
import org.idnet.disclosure.audit.store.JdbcAuditCheckpoints;
import org.idnet.disclosure.audit.store.JdbcAuditHistory;
import org.idnet.disclosure.audit.store.JdbcAuditLog;
import org.idnet.disclosure.audit.store.TinkCheckpointSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The audit log: append adapter (for the request workflow), read side, checkpoints (signed with
 * the audit keyset, on demand and on a schedule) and the oversight gRPC API.
 *
 * <p>The checkpoint schedule runs because scheduling is switched on once for the whole service, in
 * RequestsConfiguration (@EnableScheduling).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
class AuditConfiguration {

  private static final Logger log = LoggerFactory.getLogger(AuditConfiguration.class);

  @Bean
  AuditLog auditLog(DataSource dataSource, Clock clock) {
    return new JdbcAuditLog(dataSource, clock);
  }

  @Bean
  AuditHistory auditHistory(DataSource dataSource, PlatformTransactionManager transactions) {
    return new JdbcAuditHistory(dataSource, transactions);
  }

  @Bean
  AuditCheckpoints auditCheckpoints(DataSource dataSource, PlatformTransactionManager transactions) {
    return new JdbcAuditCheckpoints(dataSource, transactions);
  }

  @Bean
  TinkCheckpointSigner checkpointSigner(DisclosureKeysets keysets, Clock clock) {
    return new TinkCheckpointSigner(keysets.auditSigning(), clock);
  }

  @Bean
  AuditCheckpointIssuer auditCheckpointIssuer(AuditHistory history, AuditCheckpoints checkpoints,
      CheckpointSigner signer) {
    return new AuditCheckpointIssuer(history, checkpoints, signer);
  }

  @Bean
  AuditLogVerifier auditLogVerifier(AuditHistory history, AuditCheckpoints checkpoints, TinkCheckpointSigner signer) {
    return new AuditLogVerifier(history, checkpoints, signer.signatures());
  }

  @Bean
  AuditLogGrpcService auditLogGrpcService(AuditHistory history, AuditCheckpointIssuer issuer,
      AuditLogVerifier verifier) {
    return new AuditLogGrpcService(history, issuer, verifier);
  }

  /**
   * The scheduled checkpoint round. Safe with several replicas: the store lets one of them issue
   * per growth of the log. A failed round (database down) is logged and the next one tries again.
   */
  @Bean
  SchedulingConfigurer auditCheckpointSchedule(AuditCheckpointIssuer issuer, AuditProperties properties) {
    return registrar -> {
      if (!properties.scheduledCheckpoints()) {
        return;
      }
      registrar.addFixedDelayTask(new FixedDelayTask(() -> {
        try {
          issuer.issueIfGrown().ifPresent(c -> log.info("audit checkpoint issued: size {}", c.size()));
        } catch (RuntimeException e) {
          log.warn("audit checkpoint round failed, next in {}: {}", properties.checkpointInterval(),
              e.getClass().getName());
        }
      }, properties.checkpointInterval(), properties.checkpointInitialDelay()));
    };
  }
}
