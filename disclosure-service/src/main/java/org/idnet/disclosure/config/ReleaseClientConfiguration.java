package org.idnet.disclosure.config;

import io.grpc.ManagedChannel;
import java.time.Clock;
import org.idnet.disclosure.release.adapters.GrpcIdentityReleaser;
import org.idnet.disclosure.release.adapters.TinkGrantIssuer;
import org.idnet.disclosure.release.adapters.TinkPackageCipher;
import org.idnet.disclosure.release.domain.GrantIssuer;
import org.idnet.disclosure.release.domain.IdentityReleaser;
import org.idnet.disclosure.release.domain.PackageCipher;
import org.idnet.tls.MutualTls;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The release ports: grants signed with the grant-signing key, identity-service over one
 * long-lived channel, packages sealed with the package key (keys from {@link KeysConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReleaseClientProperties.class)
class ReleaseClientConfiguration {

  @Bean
  GrantIssuer grantIssuer(DisclosureKeysets keysets, Clock clock, ReleaseClientProperties properties) {
    return new TinkGrantIssuer(keysets.grantSigning(), clock, properties.grantLifetime());
  }

  /**
   * Mutual TLS 1.3: this service's certificate is its identity at identity-service (which lets only
   * {@code spiffe://idnet/disclosure-service} call ReleaseIdentity), and identity-service must prove
   * it is identity-service before a grant leaves. Shut down at once on stop: an interrupted release
   * leaves its request approved, to be retried.
   */
  @Bean(destroyMethod = "shutdownNow")
  ManagedChannel identityChannel(ReleaseClientProperties properties, MutualTls tls) {
    return tls.open(tls.channel(properties.target(), "identity-service"));
  }

  @Bean
  IdentityReleaser identityReleaser(ManagedChannel identityChannel, ReleaseClientProperties properties) {
    return new GrpcIdentityReleaser(identityChannel, properties.deadline());
  }

  @Bean
  PackageCipher packageCipher(DisclosureKeysets keysets) {
    return new TinkPackageCipher(keysets.packageEncryption());
  }
}
