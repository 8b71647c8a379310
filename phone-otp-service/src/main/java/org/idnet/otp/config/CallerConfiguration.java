package org.idnet.otp.config;

import org.idnet.caller.CallerServerInterceptor;
import org.idnet.caller.PeerResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.server.GlobalServerInterceptor;

/**
 * On every gRPC service the caller check: the peer from its mutual-TLS certificate, the caller the
 * gateway states, the proto access policy (deny by default), before any handler runs.
 */
@Configuration(proxyBeanMethods = false)
public class CallerConfiguration {

  @Bean
  @GlobalServerInterceptor
  CallerServerInterceptor callerServerInterceptor() {
    return new CallerServerInterceptor(PeerResolver.mutualTls());
  }
}
