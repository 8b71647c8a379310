package org.idnet.otp.config;

import org.idnet.caller.CallerServerInterceptor;
import org.idnet.caller.PeerResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;

/**
 * On every gRPC service the caller check: the peer from its mutual-TLS certificate, the caller the
 * gateway states, the proto access policy (deny by default), before any handler runs. Outermost (order 0): nothing else
 * sees a call that fails it.
 */
@Configuration(proxyBeanMethods = false)
public class CallerConfiguration {

  @Bean
  @GlobalServerInterceptor
  @Order(0)
  CallerServerInterceptor callerServerInterceptor() {
    return new CallerServerInterceptor(PeerResolver.mutualTls());
  }
}
