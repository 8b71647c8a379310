package org.idnet.otp.config;

import org.idnet.caller.CallerCodec;
import org.idnet.caller.CallerServerInterceptor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.server.GlobalServerInterceptor;

/**
 * Caller identity on every gRPC service: signed caller verified and the proto access policy
 * enforced (deny by default) before any handler runs.
 */
@Configuration(proxyBeanMethods = false)
public class CallerConfiguration {

  /** {@code idnet.caller.signing-key}: required, base64, at least 32 bytes (shared with the gateway). */
  @Bean
  CallerCodec callerCodec(@Value("${idnet.caller.signing-key:}") String signingKey) {
    return CallerCodec.fromBase64Key(signingKey);
  }

  @Bean
  @GlobalServerInterceptor
  CallerServerInterceptor callerServerInterceptor(CallerCodec codec) {
    return new CallerServerInterceptor(codec);
  }
}
