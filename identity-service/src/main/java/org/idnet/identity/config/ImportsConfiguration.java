package org.idnet.identity.config;

import java.time.Clock;
import javax.sql.DataSource;
import org.idnet.identity.domain.AccountImports;
import org.idnet.identity.domain.AccountVerifier;
import org.idnet.identity.domain.ImportExpiry;
import org.idnet.identity.domain.ImportLineRules;
import org.idnet.identity.domain.ImportProcessor;
import org.idnet.identity.domain.ImportQueue;
import org.idnet.identity.store.BlindIndex;
import org.idnet.identity.store.FieldCipher;
import org.idnet.identity.store.JdbcImportExpiry;
import org.idnet.identity.store.JdbcImportQueue;
import org.idnet.identity.store.JdbcImportStore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.PlatformTransactionManager;

/** Bulk imports of platforms' verified phone bindings (docs/imports.md): uploads, reports, the processing job. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ImportsConfiguration {

  @Bean
  JdbcImportStore importStore(DataSource dataSource, PlatformTransactionManager transactionManager, FieldCipher cipher,
      BlindIndex blindIndex, IdentityProperties properties) {
    return new JdbcImportStore(dataSource, transactionManager, cipher, blindIndex, properties.imports().limits());
  }

  @Bean
  JdbcImportQueue importQueue(DataSource dataSource, PlatformTransactionManager transactionManager, FieldCipher cipher,
      BlindIndex blindIndex) {
    return new JdbcImportQueue(dataSource, transactionManager, cipher, blindIndex);
  }

  @Bean
  AccountImports accountImports(JdbcImportStore store, Clock clock) {
    return new AccountImports(store, store, clock);
  }

  @Bean
  JdbcImportExpiry importExpiry(DataSource dataSource, PlatformTransactionManager transactionManager,
      FieldCipher cipher, BlindIndex blindIndex, IdentityProperties properties) {
    return new JdbcImportExpiry(dataSource, transactionManager, cipher, blindIndex,
        properties.imports().importedValidFor());
  }

  @Bean
  ImportProcessor importProcessor(ImportQueue queue, ImportExpiry expiry, AccountVerifier verifier,
      IdentityProperties properties, Clock clock) {
    return new ImportProcessor(queue, expiry, new ImportLineRules(properties.imports().maxVerifiedAge()), verifier,
        clock);
  }

  @Bean
  @ConditionalOnProperty(name = "idnet.identity.imports.processing.enabled", havingValue = "true",
      matchIfMissing = true)
  ImportJobs importJobs(ImportProcessor processor, IdentityProperties properties) {
    return new ImportJobs(processor, properties.imports().processing());
  }
}
