package org.idnet.disclosure.config;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.time.Clock;
import org.idnet.caller.CallerCodec;
import org.idnet.disclosure.release.adapters.GrpcIdentityReleaser;
import org.idnet.disclosure.release.adapters.TinkGrantIssuer;
import org.idnet.disclosure.release.adapters.TinkPackageCipher;
import org.idnet.disclosure.release.domain.GrantIssuer;
import org.idnet.disclosure.release.domain.IdentityReleaser;
import org.idnet.disclosure.release.domain.PackageCipher;
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
   * Plaintext transport, like every service-to-service call here: the caller identity is signed
   * (CallerCredentials) and the grant is signed; production adds mutual TLS (security.md, "Edge").
   * Shut down at once on stop: an interrupted release leaves its request approved, to be retried.
   */
  @Bean(destroyMethod = "shutdownNow")
  ManagedChannel identityChannel(ReleaseClientProperties properties) {
    return Grpc.newChannelBuilder(properties.target(), InsecureChannelCredentials.create()).build();
  }

  @Bean
  IdentityReleaser identityReleaser(ManagedChannel identityChannel, CallerCodec codec,
      ReleaseClientProperties properties) {
    return new GrpcIdentityReleaser(identityChannel, codec, properties.deadline());
  }

  @Bean
  PackageCipher packageCipher(DisclosureKeysets keysets) {
    return new TinkPackageCipher(keysets.packageEncryption());
  }
}
