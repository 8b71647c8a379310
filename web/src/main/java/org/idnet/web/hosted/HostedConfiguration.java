package org.idnet.web.hosted;

import java.time.Clock;
import java.time.Duration;
import org.idnet.web.config.OutboundTrust;
import org.idnet.web.config.WebProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/** The hosted pages' gateway client (its own token cache), over the web's trusted connector. */
@Configuration(proxyBeanMethods = false)
public class HostedConfiguration {

  @Bean
  HostedGateway hostedGateway(WebProperties properties, Clock clock, OutboundTrust trust) {
    return new HostedGateway(WebClient.builder().clientConnector(trust), properties, Duration.ofSeconds(5), clock);
  }
}
