package org.idnet.otp.config;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import org.idnet.caller.CallerCodec;
import org.idnet.otp.api.IdentityPhoneBinder;
import org.idnet.otp.domain.PhoneBinder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One long-lived channel to identity-service (a channel per call would redo the HTTP/2 handshake). */
@Configuration(proxyBeanMethods = false)
public class IdentityConfiguration {

  @Bean(destroyMethod = "shutdownNow")
  ManagedChannel identityChannel(OtpProperties p) {
    return ManagedChannelBuilder.forTarget(p.identityTarget()).usePlaintext().build();
  }

  @Bean
  PhoneBinder phoneBinder(ManagedChannel identityChannel, CallerCodec codec, OtpProperties p) {
    return new IdentityPhoneBinder(identityChannel, codec, p.identityDeadline());
  }
}
