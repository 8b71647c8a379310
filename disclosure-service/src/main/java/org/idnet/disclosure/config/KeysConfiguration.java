package org.idnet.disclosure.config;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.KmsClient;
import com.google.crypto.tink.aead.AeadParameters;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfParameters;
import com.google.crypto.tink.signature.Ed25519Parameters;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import java.util.List;
import java.util.Map;
import org.idnet.keysets.KeysetDirectory;
import org.idnet.keysets.KeysetLayout;
import org.idnet.keysets.KeysetSpec;
import org.idnet.keysets.PublicKeysetFile;
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

  /** Ed25519 with the TINK prefix: identity-service finds the key by the id the signature carries. */
  static final KeysetSpec GRANT_SIGNING = new KeysetSpec("grant-signing-keyset.json",
      PredefinedSignatureParameters.ED25519, Ed25519Parameters.class);
  static final KeysetSpec AUDIT_SIGNING = new KeysetSpec("audit-signing-keyset.json",
      PredefinedSignatureParameters.ED25519, Ed25519Parameters.class);
  static final KeysetSpec PACKAGE_ENCRYPTION = new KeysetSpec("package-keyset.json",
      PredefinedAeadParameters.AES256_GCM, AeadParameters.class);
  /** Blind index of requests' target accounts (notices find them by it): never the package keys. */
  static final KeysetSpec ACCOUNT_INDEX = new KeysetSpec("account-index-keyset.json",
      PredefinedPrfParameters.HMAC_SHA256_PRF, PrfParameters.class);
  /**
   * Requests' account ids: apart from the package keys, which may be retired once the last package
   * has expired, while requests are kept for good.
   */
  static final KeysetSpec REQUEST_FIELDS = new KeysetSpec("request-field-keyset.json",
      PredefinedAeadParameters.AES256_GCM, AeadParameters.class);
  /** "disclosure" is part of every KMS-encrypted keyset's associated data: renaming it locks the keysets out. */
  static final KeysetLayout LAYOUT = new KeysetLayout("disclosure", "idnet.disclosure.keys",
      List.of(GRANT_SIGNING, AUDIT_SIGNING, PACKAGE_ENCRYPTION, ACCOUNT_INDEX, REQUEST_FIELDS));

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
