package org.idnet.otp.config;

import org.idnet.grpc.errors.ErrorMappingInterceptor;
import org.idnet.headers.ForwardedHeader;
import org.idnet.otp.api.GrpcErrors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;

/**
 * The interceptors every call passes besides the caller check ({@link CallerConfiguration}): status
 * mapping, shared with the other services, so nothing a handler throws is logged with its message,
 * then the Idempotency-Key hand-over.
 */
@Configuration(proxyBeanMethods = false)
public class GrpcConfiguration {

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
