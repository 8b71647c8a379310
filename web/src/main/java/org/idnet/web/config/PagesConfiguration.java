package org.idnet.web.config;

import java.time.Clock;
import java.time.Duration;
import org.idnet.web.gateway.GatewayClient;
import org.idnet.web.transparency.ReportCache;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/** The gateway client and what the public pages build on it. */
@Configuration(proxyBeanMethods = false)
public class PagesConfiguration {

  /** Every outbound call's connector: TLS trusting {@code idnet.web.trust-file} (checked here, at start). */
  @Bean
  OutboundTrust outboundTrust(WebProperties properties, Clock clock) {
    return OutboundTrust.of(properties.trustFile(), clock);
  }

  @Bean
  GatewayClient gatewayClient(WebProperties properties, OutboundTrust trust) {
    return new GatewayClient(WebClient.builder().clientConnector(trust), properties, Duration.ofSeconds(5));
  }

  @Bean
  ReportCache reportCache(GatewayClient gateway, WebProperties properties, Clock clock) {
    return new ReportCache(gateway, properties.transparencyCache(), clock);
  }
}
