package org.idnet.disclosure.config;

import io.grpc.BindableService;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import org.idnet.caller.CallerCodec;
import org.idnet.caller.CallerServerInterceptor;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;

/**
 * The gRPC server's cross-cutting parts: the caller check on every call (signed identity, access
 * policy from the contract, deny by default) and the standard health service.
 *
 * <p>Why health is declared here: Spring gRPC starts a server only when the application has a
 * {@link BindableService} of its own, and this service has no API yet. So the health service is
 * that bean (Spring's own health auto-configuration is switched off in application.yml to avoid a
 * second one) and it follows the readiness state. When the first disclosure API arrives, this can
 * go back to Spring's auto-configured health.
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

  @Bean(destroyMethod = "enterTerminalState")
  HealthStatusManager healthStatusManager() {
    HealthStatusManager health = new HealthStatusManager();
    // Not serving until the application says it is ready for traffic.
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.NOT_SERVING);
    return health;
  }

  @Bean
  BindableService grpcHealthService(HealthStatusManager health) {
    return health.getHealthService();
  }

  @Bean
  ApplicationListener<AvailabilityChangeEvent<ReadinessState>> readinessToGrpcHealth(HealthStatusManager health) {
    return event -> health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES,
        event.getState() == ReadinessState.ACCEPTING_TRAFFIC ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
  }
}
