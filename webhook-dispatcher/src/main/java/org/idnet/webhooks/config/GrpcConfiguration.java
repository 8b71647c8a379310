package org.idnet.webhooks.config;

import org.idnet.caller.CallerServerInterceptor;
import org.idnet.caller.PeerResolver;
import org.idnet.grpc.errors.ErrorMappingInterceptor;
import org.idnet.headers.ForwardedHeader;
import org.idnet.tls.spring.MutualTlsServerConfiguration;
import org.idnet.webhooks.endpoints.api.GrpcErrors;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;

/**
 * The gRPC server, over mutual TLS only, and the interceptors every call passes, outermost first:
 * the caller check (peer from its certificate, caller stated by the gateway, access policy from
 * the contract, deny by default), status mapping, then the Idempotency-Key hand-over.
 */
@Configuration(proxyBeanMethods = false)
@Import(MutualTlsServerConfiguration.class)
@EnableConfigurationProperties(WebhooksProperties.class)
class GrpcConfiguration {

  @Bean
  @GlobalServerInterceptor
  @Order(0)
  CallerServerInterceptor callerServerInterceptor() {
    return new CallerServerInterceptor(PeerResolver.mutualTls());
  }

  @Bean
  @GlobalServerInterceptor
  @Order(10)
  ErrorMappingInterceptor errorMappingInterceptor() {
    return new ErrorMappingInterceptor(GrpcErrors::refusal);
  }

  @Bean
  @GlobalServerInterceptor
  @Order(20)
  ForwardedHeader idempotencyKeyInterceptor() {
    return ForwardedHeader.IDEMPOTENCY_KEY;
  }
}
