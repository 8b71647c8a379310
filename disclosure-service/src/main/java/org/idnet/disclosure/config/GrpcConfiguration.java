package org.idnet.disclosure.config;

import org.idnet.caller.CallerCodec;
import org.idnet.caller.CallerServerInterceptor;
import org.idnet.disclosure.api.GrpcErrors;
import org.idnet.grpc.errors.ErrorMappingInterceptor;
import org.idnet.disclosure.api.IdempotencyKeyInterceptor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;

/**
 * The interceptors every call passes, outermost first: the caller check (signed identity, access
 * policy from the contract, deny by default), status mapping, then the Idempotency-Key hand-over.
 * The standard health service is Spring gRPC's own (it registers one once the application has
 * services of its own).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CallerProperties.class)
class GrpcConfiguration {

  @Bean
  CallerCodec callerCodec(CallerProperties properties) {
    return CallerCodec.fromBase64Key(properties.signingKey());
  }

  @Bean
  @GlobalServerInterceptor
  @Order(0)
  CallerServerInterceptor callerServerInterceptor(CallerCodec codec) {
    return new CallerServerInterceptor(codec);
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
