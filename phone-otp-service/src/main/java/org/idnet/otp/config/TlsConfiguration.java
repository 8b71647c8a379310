package org.idnet.otp.config;

import org.idnet.tls.spring.MutualTlsServerConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The gRPC server over mutual TLS 1.3 only, and this service's certificate for its channel to
 * identity-service ({@code idnet.tls.*}); without the TLS files the service does not start.
 */
@Configuration(proxyBeanMethods = false)
@Import(MutualTlsServerConfiguration.class)
public class TlsConfiguration {
}
