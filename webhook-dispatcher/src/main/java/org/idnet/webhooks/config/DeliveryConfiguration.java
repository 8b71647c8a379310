package org.idnet.webhooks.config;

import io.grpc.ManagedChannel;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLContext;
import javax.sql.DataSource;
import org.idnet.tls.MutualTls;
import org.idnet.webhooks.delivery.api.GrpcOutboxSource;
import org.idnet.webhooks.delivery.domain.AttemptLog;
import org.idnet.webhooks.delivery.domain.DeliveryMeter;
import org.idnet.webhooks.delivery.domain.DeliveryQueue;
import org.idnet.webhooks.delivery.domain.Dispatcher;
import org.idnet.webhooks.delivery.domain.EventIntake;
import org.idnet.webhooks.delivery.domain.OutboxReader;
import org.idnet.webhooks.delivery.domain.RetrySchedule;
import org.idnet.webhooks.delivery.store.HttpWebhookSender;
import org.idnet.webhooks.delivery.store.JdbcDeliveryQueue;
import org.idnet.webhooks.delivery.store.JdbcEventIntake;
import org.idnet.webhooks.delivery.store.MicrometerDeliveryMeter;
import org.idnet.webhooks.store.AccountOrderKey;
import org.idnet.webhooks.store.RowCipher;
import org.idnet.webhooks.delivery.store.TargetPolicy;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Delivery: one reader per configured outbox (each over its own mutual-TLS channel, the peer
 * checked by name), the store of events and deliveries, the HTTP sender with the JVM's default
 * trust, the dispatcher, and the jobs that run them.
 */
@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {

  @Bean
  EventIntake eventIntake(DataSource dataSource, PlatformTransactionManager transactions, RowCipher cipher,
      AccountOrderKey accountOrder, WebhooksProperties properties) {
    return new JdbcEventIntake(dataSource, transactions, cipher, accountOrder, properties.delivery().retention());
  }

  @Bean
  DeliveryQueue deliveryQueue(DataSource dataSource, PlatformTransactionManager transactions, RowCipher cipher,
      WebhooksProperties properties) {
    return new JdbcDeliveryQueue(dataSource, transactions, cipher, properties.delivery().platformMaxInFlight());
  }

  @Bean
  DeliveryMeter deliveryMeter(MeterRegistry registry, Clock clock, WebhooksProperties properties) {
    return new MicrometerDeliveryMeter(registry, clock, properties.sources().keySet());
  }

  @Bean(destroyMethod = "close")
  SourceChannels sourceChannels(WebhooksProperties properties, MutualTls tls) {
    return new SourceChannels(properties, tls);
  }

  @Bean
  List<OutboxReader> outboxReaders(SourceChannels channels, EventIntake intake, WebhooksProperties properties,
      DeliveryMeter meter, Clock clock) {
    List<OutboxReader> readers = new ArrayList<>();
    channels.channels().forEach((name, channel) -> readers.add(new OutboxReader(
        new GrpcOutboxSource(name, channel, properties.sources().get(name).deadline()), intake,
        properties.readBatch(), meter, clock)));
    return readers;
  }

  @Bean(destroyMethod = "close")
  HttpWebhookSender webhookSender(WebhooksProperties properties, TargetPolicy targets)
      throws NoSuchAlgorithmException {
    WebhooksProperties.Delivery delivery = properties.delivery();
    return new HttpWebhookSender(targets, SSLContext.getDefault(), delivery.connectTimeout(), delivery.maxResponseBytes(),
        Math.max(delivery.threads(), 20));
  }

  @Bean
  Dispatcher dispatcher(DeliveryQueue queue, HttpWebhookSender sender, WebhooksProperties properties, DeliveryMeter meter, ObjectProvider<AttemptLog> attemptLog, Clock clock) {
    return new Dispatcher(queue, sender, new RetrySchedule(properties.delivery().retrySchedule(),
        RandomGenerator.getDefault()), properties.delivery().leaseMargin(), meter, attemptLog.getIfAvailable(() -> AttemptLog.NONE),
        clock);
  }

  /** Not in migrate-only: a lifecycle bean is made even in a lazy context, and with it the channels. */
  @Bean
  @ConditionalOnProperty(name = "idnet.webhooks.jobs-enabled", havingValue = "true", matchIfMissing = true)
  DeliveryJobs deliveryJobs(List<OutboxReader> outboxReaders, Dispatcher dispatcher, DeliveryQueue queue,
      WebhooksProperties properties, Clock clock) {
    return new DeliveryJobs(outboxReaders, dispatcher, queue, properties, clock);
  }

  /** One long-lived channel per source; shut down at once on stop (a read in flight is read again). */
  static final class SourceChannels implements AutoCloseable {

    private final Map<String, ManagedChannel> channels;

    SourceChannels(WebhooksProperties properties, MutualTls tls) {
      Map<String, ManagedChannel> open = new java.util.LinkedHashMap<>();
      properties.sources().forEach((name, source) -> {
        if (source.target() == null || source.peer() == null) {
          throw new IllegalStateException("idnet.webhooks.sources." + name + " needs a target and a peer");
        }
        open.put(name, tls.open(tls.channel(source.target(), source.peer())));
      });
      this.channels = Map.copyOf(open);
    }

    Map<String, ManagedChannel> channels() {
      return channels;
    }

    @Override
    public void close() {
      channels.values().forEach(ManagedChannel::shutdownNow);
    }
  }
}
