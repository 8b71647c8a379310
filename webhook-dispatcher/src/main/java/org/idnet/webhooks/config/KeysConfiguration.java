package org.idnet.webhooks.config;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.KmsClient;
import java.util.Map;
import org.idnet.keysets.KeysetDirectory;
import org.idnet.keysets.KeysetSpec;
import org.idnet.keysets.ServiceLayouts;
import org.idnet.webhooks.store.AccountOrderKey;
import org.idnet.webhooks.store.RowCipher;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The dispatcher's two keysets, loaded while the context starts (a missing or wrong keyset stops
 * it before it takes a call): AEAD for endpoints' secrets and stored event bodies, a PRF for the
 * per-account order key.
 */
@Configuration(proxyBeanMethods = false)
class KeysConfiguration {

  @Bean
  Map<KeysetSpec, KeysetHandle> webhookKeysets(WebhooksProperties properties, ObjectProvider<KmsClient> kmsClients) {
    return KeysetDirectory.open(ServiceLayouts.Webhooks.LAYOUT, properties.keys().source(),
        kmsClients::getIfAvailable).load();
  }

  @Bean
  RowCipher rowCipher(Map<KeysetSpec, KeysetHandle> webhookKeysets) {
    return new RowCipher(webhookKeysets.get(ServiceLayouts.Webhooks.SECRETS));
  }

  @Bean
  AccountOrderKey accountOrderKey(Map<KeysetSpec, KeysetHandle> webhookKeysets) {
    return new AccountOrderKey(webhookKeysets.get(ServiceLayouts.Webhooks.ACCOUNT_ORDER));
  }
}
