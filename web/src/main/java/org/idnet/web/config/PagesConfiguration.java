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

  @Bean
  GatewayClient gatewayClient(WebProperties properties) {
    return new GatewayClient(WebClient.builder(), properties, Duration.ofSeconds(5));
  }

  @Bean
  ReportCache reportCache(GatewayClient gateway, WebProperties properties, Clock clock) {
    return new ReportCache(gateway, properties.transparencyCache(), clock);
  }
}
