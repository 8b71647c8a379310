package org.idnet.disclosure.config;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.KmsClient;
import java.util.Map;
import org.idnet.keysets.KeysetDirectory;
import org.idnet.keysets.KeysetLayout;
import org.idnet.keysets.KeysetSpec;
import org.idnet.keysets.PublicKeysetFile;
import org.idnet.keysets.ServiceLayouts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service's keysets: five, distinct key material each, loaded while the context starts, so a
 * missing or wrong keyset stops the service before it takes a call. Where configured, the public
 * half of the grant-signing keyset is then written out for identity-service, which trusts only the
 * keys in it; otherwise nothing is written (a read-only file system, as in Kubernetes, where the
 * public keyset is made offline and mounted into identity-service).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KeysProperties.class)
class KeysConfiguration {

  static final KeysetSpec GRANT_SIGNING = ServiceLayouts.Disclosure.GRANT_SIGNING;
  static final KeysetSpec AUDIT_SIGNING = ServiceLayouts.Disclosure.AUDIT_SIGNING;
  static final KeysetSpec PACKAGE_ENCRYPTION = ServiceLayouts.Disclosure.PACKAGE_ENCRYPTION;
  static final KeysetSpec ACCOUNT_INDEX = ServiceLayouts.Disclosure.ACCOUNT_INDEX;
  static final KeysetSpec REQUEST_FIELDS = ServiceLayouts.Disclosure.REQUEST_FIELDS;
  /** Declared in ServiceLayouts, shared with bin/idnet-keysets, which makes and rotates these keysets. */
  static final KeysetLayout LAYOUT = ServiceLayouts.Disclosure.LAYOUT;

  private static final Logger log = LoggerFactory.getLogger(KeysConfiguration.class);

  /**
   * @param kmsClients a {@link KmsClient} bean, if the deployment provides one; otherwise the
   *     client for the key URI: Vault transit for {@code hcvault://} (with the
   *     {@code idnet.disclosure.keys.vault.*} login), or a Tink KMS extension on the class path
   */
  @Bean
  DisclosureKeysets disclosureKeysets(KeysProperties properties, ObjectProvider<KmsClient> kmsClients) {
    Map<KeysetSpec, KeysetHandle> keysets = KeysetDirectory.open(LAYOUT, properties.source(),
        kmsClients::getIfAvailable).load();
    DisclosureKeysets loaded = new DisclosureKeysets(keysets.get(GRANT_SIGNING), keysets.get(AUDIT_SIGNING),
        keysets.get(PACKAGE_ENCRYPTION), keysets.get(ACCOUNT_INDEX), keysets.get(REQUEST_FIELDS));
    publish(properties, loaded.grantSigning());
    return loaded;
  }

  private static void publish(KeysProperties properties, KeysetHandle grantSigning) {
    String primary = Integer.toUnsignedString(grantSigning.getPrimary().getId());
    if (properties.grantPublicKeysetFile() == null) {
      // The key id lets an operator check that identity-service's mounted public keyset is current.
      log.info("grant-signing public keyset not written (idnet.disclosure.keys.grant-public-keyset-file unset): "
          + "identity-service must trust primary key id {}, e.g. from 'bin/idnet-keysets public-keyset'", primary);
      return;
    }
    try {
      PublicKeysetFile.write(properties.grantPublicKeysetFile(), grantSigning);
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot write the grant-signing public keyset to "
          + properties.grantPublicKeysetFile().toAbsolutePath() + ": point idnet.disclosure.keys."
          + "grant-public-keyset-file at a writable file (identity-service reads it)", e);
    }
    log.info("grant-signing public keyset (primary key id {}) written to {} for identity-service", primary,
        properties.grantPublicKeysetFile().toAbsolutePath());
  }
}
