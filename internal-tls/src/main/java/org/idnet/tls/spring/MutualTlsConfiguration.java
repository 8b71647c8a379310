package org.idnet.tls.spring;

import org.idnet.tls.MutualTls;
import org.idnet.tls.TlsDirectory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** This process's mutual-TLS credentials ({@code idnet.tls.*}), for its channels and its server. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({TlsProperties.class, GrpcBalancingProperties.class})
public class MutualTlsConfiguration {

  @Bean(destroyMethod = "close")
  MutualTls mutualTls(TlsProperties properties, GrpcBalancingProperties balancing) {
    return MutualTls.load(TlsDirectory.require(properties.directory()), properties.reloadEvery(),
        balancing.loadBalancingPolicy(), balancing.upkeep());
  }
}
