package org.idnet.identity.config;

import com.google.crypto.tink.KmsClient;
import org.idnet.identity.store.BlindIndex;
import org.idnet.identity.store.FieldCipher;
import org.idnet.identity.store.KeyProvider;
import org.idnet.identity.store.SubjectIds;
import org.idnet.identity.store.VaultKeysets;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The vault: keys from files (sandbox) or from files encrypted under a KMS key (production,
 * {@code idnet.identity.keys.provider=kms}). Keys load while the context starts, so a missing or
 * wrong keyset stops the service before it takes a call.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdentityProperties.class)
class VaultConfiguration {

  /**
   * @param kmsClients a {@link KmsClient} bean, if the deployment provides one; otherwise the
   *     client for the key URI: Vault transit for {@code hcvault://} (with the
   *     {@code idnet.identity.keys.vault.*} login), or a Tink KMS extension on the class path
   */
  @Bean
  KeyProvider keyProvider(IdentityProperties properties, ObjectProvider<KmsClient> kmsClients) {
    return VaultKeysets.open(properties.keys(), kmsClients::getIfAvailable);
  }

  @Bean
  FieldCipher fieldCipher(KeyProvider keys) {
    return new FieldCipher(keys);
  }

  @Bean
  BlindIndex blindIndex(KeyProvider keys) {
    return new BlindIndex(keys);
  }

  @Bean
  SubjectIds subjectIds(KeyProvider keys) {
    return new SubjectIds(keys);
  }
}
