package org.idnet.otp.config;

import io.grpc.ManagedChannel;
import org.idnet.otp.api.IdentityPhoneBinder;
import org.idnet.otp.domain.PhoneBinder;
import org.idnet.tls.MutualTls;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One long-lived channel to identity-service (a channel per call would redo the handshake), over
 * mutual TLS: this service's certificate is its identity there, and the server must prove it is
 * identity-service.
 */
@Configuration(proxyBeanMethods = false)
public class IdentityConfiguration {

  @Bean(destroyMethod = "shutdownNow")
  ManagedChannel identityChannel(OtpProperties p, MutualTls tls) {
    return tls.open(tls.channel(p.identityTarget(), "identity-service"));
  }

  @Bean
  PhoneBinder phoneBinder(ManagedChannel identityChannel, OtpProperties p) {
    return new IdentityPhoneBinder(identityChannel, p.identityDeadline());
  }
}
