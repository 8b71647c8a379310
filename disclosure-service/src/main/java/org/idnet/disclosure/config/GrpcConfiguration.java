package org.idnet.disclosure.config;

import org.idnet.caller.CallerServerInterceptor;
import org.idnet.caller.PeerResolver;
import org.idnet.disclosure.api.GrpcErrors;
import org.idnet.grpc.errors.ErrorMappingInterceptor;
import org.idnet.disclosure.api.IdempotencyKeyInterceptor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.idnet.tls.spring.MutualTlsServerConfiguration;

/**
 * The gRPC server, over mutual TLS only ({@code idnet.tls.*}), and the interceptors every call
 * passes, outermost first: the caller check (the peer from its certificate, the caller the gateway
 * states, access policy from the contract, deny by default), status mapping, then the
 * Idempotency-Key hand-over.
 * The standard health service is Spring gRPC's own (it registers one once the application has
 * services of its own).
 */
@Configuration(proxyBeanMethods = false)
@Import(MutualTlsServerConfiguration.class)
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
  IdempotencyKeyInterceptor idempotencyKeyInterceptor() {
    return new IdempotencyKeyInterceptor();
  }
}
