package org.idnet.identity.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.KmsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.idnet.identity.store.KeyProvider;
import org.idnet.identity.store.SubjectIds;
import org.idnet.identity.store.VaultKeysets;
import org.idnet.keysets.LocalKmsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code idnet.identity.keys.provider} picks the key adapter; a KMS setup without its key fails the start-up. */
class VaultWiringTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withUserConfiguration(VaultConfiguration.class);

  @TempDir
  Path keys;

  @Test
  void startWhenProviderFileThenKeysetFiles() {
    runner.withPropertyValues("idnet.identity.keys.directory=" + keys, "idnet.identity.keys.create-if-missing=true")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).hasSingleBean(KeyProvider.class);
          assertThat(Files.readString(keys.resolve(VaultKeysets.AEAD_FILE))).doesNotContain("encryptedKeyset");
          assertThat(context).hasSingleBean(SubjectIds.class);
        });
  }

  @Test
  void startWhenProviderKmsThenKeysetsEncryptedUnderTheKmsKey() {
    runner.withBean(KmsClient.class, LocalKmsClient::new)
        .withPropertyValues("idnet.identity.keys.provider=kms", "idnet.identity.keys.directory=" + keys,
            "idnet.identity.keys.kms-key-uri=" + LocalKmsClient.PREFIX + "wiring", "idnet.identity.keys.create-if-missing=true")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).hasSingleBean(KeyProvider.class);
          assertThat(Files.readString(keys.resolve(VaultKeysets.AEAD_FILE))).contains("encryptedKeyset");
        });
  }

  @Test
  void startWhenProviderKmsWithoutKeyUriThenFailsNamingTheProperty() {
    runner.withPropertyValues("idnet.identity.keys.provider=kms", "idnet.identity.keys.directory=" + keys)
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("idnet.identity.keys.kms-key-uri is not set"));
  }

  @Test
  void startWhenAccountLimitBelowOneThenFailsNamingTheProperty() {
    runner.withPropertyValues("idnet.identity.keys.directory=" + keys, "idnet.identity.keys.create-if-missing=true",
            "idnet.identity.max-accounts-per-person-per-platform=0")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("idnet.identity.max-accounts-per-person-per-platform"));
  }
}
