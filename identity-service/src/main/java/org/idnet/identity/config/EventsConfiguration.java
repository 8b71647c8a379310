package org.idnet.identity.config;

import java.time.Clock;
import javax.sql.DataSource;
import org.idnet.identity.domain.AccountStandings;
import org.idnet.identity.domain.AccountVerifier;
import org.idnet.identity.domain.AgeRule;
import org.idnet.identity.domain.ComingOfAgeStore;
import org.idnet.identity.domain.EventFeed;
import org.idnet.identity.domain.EventOutbox;
import org.idnet.identity.store.BlindIndex;
import org.idnet.identity.store.FieldCipher;
import org.idnet.identity.store.JdbcComingOfAge;
import org.idnet.identity.store.JdbcEventOutbox;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Webhook events (issue 15): the outbox the stores write in each change's transaction, what
 * webhook-dispatcher reads of it, and the job announcing what time changes (a minor turning 16).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class EventsConfiguration {

  @Bean
  JdbcEventOutbox eventOutbox(DataSource dataSource, BlindIndex blindIndex, FieldCipher cipher) {
    return new JdbcEventOutbox(dataSource, blindIndex, cipher);
  }

  @Bean
  EventFeed eventFeed(EventOutbox outbox, AccountStandings standings, AccountVerifier verifier, Clock clock) {
    return new EventFeed(outbox, standings, verifier, clock);
  }

  @Bean
  JdbcComingOfAge comingOfAge(DataSource dataSource, PlatformTransactionManager transactionManager,
      FieldCipher cipher, AgeRule ages) {
    return new JdbcComingOfAge(dataSource, transactionManager, cipher, ages);
  }

  @Bean
  @ConditionalOnProperty(name = "idnet.identity.events.coming-of-age.enabled", havingValue = "true",
      matchIfMissing = true)
  IdentityJobs identityJobs(ComingOfAgeStore comingOfAge, IdentityProperties properties, Clock clock) {
    return new IdentityJobs(comingOfAge, clock, properties.events().comingOfAge().interval());
  }
}
