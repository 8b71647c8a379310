package org.idnet.webhooks.config;

import java.security.SecureRandom;
import java.time.Clock;
import javax.sql.DataSource;
import org.idnet.webhooks.endpoints.api.WebhookEndpointGrpcService;
import org.idnet.webhooks.endpoints.domain.EndpointRegistrar;
import org.idnet.webhooks.endpoints.domain.EndpointStore;
import org.idnet.webhooks.endpoints.store.HttpEndpointUrls;
import org.idnet.webhooks.endpoints.store.JdbcEndpointStore;
import org.idnet.webhooks.store.RowCipher;
import org.idnet.webhooks.delivery.store.HostResolver;
import org.idnet.webhooks.delivery.store.TargetPolicy;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** Platforms' endpoints: the store, the target policy every URL passes, and the gRPC service. */
@Configuration(proxyBeanMethods = false)
class EndpointsConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  /** The system's DNS; a test may declare its own resolver. */
  @Bean
  @ConditionalOnMissingBean
  HostResolver hostResolver() {
    return HostResolver.system();
  }

  @Bean
  TargetPolicy targetPolicy(WebhooksProperties properties, HostResolver resolver) {
    return new TargetPolicy(properties.delivery().allowPrivateTargets(), resolver,
        properties.delivery().resolveTimeout());
  }

  @Bean
  EndpointStore endpointStore(DataSource dataSource, PlatformTransactionManager transactions, RowCipher cipher) {
    return new JdbcEndpointStore(dataSource, transactions, cipher);
  }

  @Bean
  EndpointRegistrar endpointRegistrar(EndpointStore store, TargetPolicy targets, Clock clock) {
    return new EndpointRegistrar(store, new HttpEndpointUrls(targets), new SecureRandom(), clock);
  }

  @Bean
  WebhookEndpointGrpcService webhookEndpointGrpcService(EndpointRegistrar registrar) {
    return new WebhookEndpointGrpcService(registrar);
  }
}
