package org.idnet.disclosure.config;

import java.time.Clock;
import javax.sql.DataSource;
import org.idnet.disclosure.events.api.EventOutboxGrpcService;
import org.idnet.disclosure.events.domain.NoticeAnnouncer;
import org.idnet.disclosure.events.domain.OutboxReader;
import org.idnet.disclosure.events.store.JdbcEventOutbox;
import org.idnet.disclosure.requests.domain.Transactions;
import org.idnet.disclosure.requests.store.TargetSealer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event outbox for webhook-dispatcher (issue 15): the store, which the release writes to in its
 * transaction (RequestsConfiguration), the notice job's use case (run by DisclosureJobs) and the
 * gRPC face only webhook-dispatcher may call.
 */
@Configuration(proxyBeanMethods = false)
class EventsConfiguration {

  @Bean
  JdbcEventOutbox eventOutbox(DataSource dataSource, TargetSealer targets) {
    return new JdbcEventOutbox(dataSource, targets);
  }

  @Bean
  NoticeAnnouncer noticeAnnouncer(JdbcEventOutbox outbox, Transactions transactions, Clock clock) {
    return new NoticeAnnouncer(outbox, transactions, clock);
  }

  @Bean
  EventOutboxGrpcService eventOutboxGrpcService(JdbcEventOutbox outbox, Transactions transactions) {
    return new EventOutboxGrpcService(new OutboxReader(outbox, transactions));
  }
}
