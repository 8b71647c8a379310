package org.idnet.identity.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.idnet.identity.store.KeyProvider;
import org.idnet.keysets.vault.VaultTransitStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * {@code idnet.identity.keys.provider=kms} with a Vault transit key ({@code hcvault://}), through the
 * service's own keyset wiring, against {@link VaultTransitStandIn}: a stand-in that speaks Vault's
 * HTTP API over https, because no Vault or OpenBao can be run on the machines this is built on.
 */
class VaultTransitKeysWiringTest {

  static VaultTransitStandIn vault;

  @TempDir
  Path keys;
  @TempDir
  Path secrets;

  @BeforeAll
  static void start() {
    vault = VaultTransitStandIn.start().createKey("transit", "idnet-identity");
  }

  @AfterAll
  static void stop() {
    vault.close();
  }

  ApplicationContextRunner identity(String keyName, String token, boolean createIfMissing) throws Exception {
    Path tokenFile = Files.writeString(secrets.resolve("vault-token"), token);
    return new ApplicationContextRunner().withUserConfiguration(VaultConfiguration.class)
        .withPropertyValues("idnet.identity.keys.provider=kms", "idnet.identity.keys.directory=" + keys,
            "idnet.identity.keys.kms-key-uri=" + vault.keyUri("transit", keyName),
            "idnet.identity.keys.vault.token-file=" + tokenFile,
            "idnet.identity.keys.vault.ca-file=" + vault.caFile(),
            "idnet.identity.keys.create-if-missing=" + createIfMissing);
  }

  @Test
  void startThenKeysetsWrittenUnderTheVaultKeyAndTheNextStartReadsTheSameKeys() throws Exception {
    KeyProvider[] first = new KeyProvider[1];
    identity("idnet-identity", vault.issueToken(), true).run(context -> {
      assertThat(context).hasNotFailed();
      first[0] = context.getBean(KeyProvider.class);
    });

    identity("idnet-identity", vault.issueToken(), false).run(context -> {
      assertThat(context).hasNotFailed();
      KeyProvider again = context.getBean(KeyProvider.class);
      assertThat(again.fieldEncryptionKeyset().equalsKeyset(first[0].fieldEncryptionKeyset())).isTrue();
      assertThat(again.blindIndexKeyset().equalsKeyset(first[0].blindIndexKeyset())).isTrue();
      assertThat(again.subjectIdKeyset().equalsKeyset(first[0].subjectIdKeyset())).isTrue();
    });
    assertThat(Files.readString(keys.resolve("aead-keyset.json"))).contains("encryptedKeyset")
        .doesNotContain("\"value\"");
    assertThat(vault.calls()).contains("POST /v1/transit/encrypt/idnet-identity",
        "POST /v1/transit/decrypt/idnet-identity");
  }

  @Test
  void startWhenVaultRefusesTheTokenThenFailsNamingTheTokenFileSetting() throws Exception {
    identity("idnet-identity", "s.expired", true).run(context -> assertThat(context).getFailure()
        .hasStackTraceContaining("the KMS does not give the master key hcvault://localhost:")
        .hasStackTraceContaining("refused the token").hasStackTraceContaining("idnet.identity.keys.vault.token-file")
        .hasStackTraceContaining("HTTP 403: permission denied"));
    assertThat(keys).isEmptyDirectory();
  }

  @Test
  void startWhenTheKeyUriNamesAKeyVaultDoesNotHaveThenFailsSayingSo() throws Exception {
    identity("idnet-identity", vault.issueToken(), true).run(context -> assertThat(context).hasNotFailed());

    identity("idnet-identiy", vault.issueToken(), false).run(context -> assertThat(context).getFailure()
        .hasStackTraceContaining("aead-keyset.json was not decrypted: the KMS refused")
        .hasStackTraceContaining("encryption key not found")
        .hasStackTraceContaining("idnet.identity.keys.kms-key-uri"));
  }

  @Test
  void startWhenAKeysetFileWasTamperedWithThenFailsNamingTheFile() throws Exception {
    identity("idnet-identity", vault.issueToken(), true).run(context -> assertThat(context).hasNotFailed());
    VaultTransitStandIn.alterOneSealedByte(keys.resolve("blind-index-keyset.json"));

    identity("idnet-identity", vault.issueToken(), false).run(context -> assertThat(context).getFailure()
        .hasStackTraceContaining("blind-index-keyset.json does not decrypt under the KMS key")
        .hasStackTraceContaining("an altered file"));
  }

  @Test
  void startWhenAVaultKeyHasNoLoginThenFailsNamingBothLoginSettings() {
    new ApplicationContextRunner().withUserConfiguration(VaultConfiguration.class)
        .withPropertyValues("idnet.identity.keys.provider=kms", "idnet.identity.keys.directory=" + keys,
            "idnet.identity.keys.kms-key-uri=" + vault.keyUri("transit", "idnet-identity"))
        .run(context -> assertThat(context).getFailure().hasStackTraceContaining("needs exactly one login: "
            + "idnet.identity.keys.vault.token-file").hasStackTraceContaining("idnet.identity.keys.vault.kubernetes-role"));
  }

  /** The names README and the Kubernetes manifests use: environment variables, as a container gets them. */
  @Test
  void startWhenConfiguredByEnvironmentVariablesThenTheyBind() throws Exception {
    Path tokenFile = Files.writeString(secrets.resolve("vault-token"), vault.issueToken());
    Map<String, Object> environment = Map.of(
        "IDNET_IDENTITY_KEYS_PROVIDER", "kms",
        "IDNET_IDENTITY_KEYS_DIRECTORY", keys.toString(),
        "IDNET_IDENTITY_KEYS_KMS_KEY_URI", vault.keyUri("transit", "idnet-identity"),
        "IDNET_IDENTITY_KEYS_VAULT_TOKEN_FILE", tokenFile.toString(),
        "IDNET_IDENTITY_KEYS_VAULT_CA_FILE", vault.caFile().toString(),
        "IDNET_IDENTITY_KEYS_CREATE_IF_MISSING", "true");
    new ApplicationContextRunner().withUserConfiguration(VaultConfiguration.class)
        .withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
            new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                environment)))
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).hasSingleBean(KeyProvider.class);
          assertThat(Files.readString(keys.resolve("aead-keyset.json"))).contains("encryptedKeyset");
        });
  }
}
