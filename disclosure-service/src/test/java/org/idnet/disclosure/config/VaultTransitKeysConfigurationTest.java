package org.idnet.disclosure.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.signature.Ed25519Parameters;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.idnet.keysets.PublicKeysetFile;
import org.idnet.keysets.tool.KeysetTool;
import org.idnet.keysets.vault.VaultTransitStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * disclosure-service's five keysets under a Vault transit key ({@code hcvault://}), through its own
 * keyset wiring, against {@link VaultTransitStandIn}: a stand-in speaking Vault's HTTP API over
 * https, because no Vault or OpenBao can be run on the machines this is built on.
 */
class VaultTransitKeysConfigurationTest {

  static VaultTransitStandIn vault;

  @TempDir
  Path keys;
  @TempDir
  Path secrets;

  @BeforeAll
  static void start() {
    vault = VaultTransitStandIn.start().createKey("idnet/transit", "idnet-disclosure");
  }

  @AfterAll
  static void stop() {
    vault.close();
  }

  ApplicationContextRunner disclosure(String token, boolean createIfMissing) throws Exception {
    Path tokenFile = Files.writeString(secrets.resolve("vault-token"), token);
    return new ApplicationContextRunner().withUserConfiguration(KeysConfiguration.class)
        .withPropertyValues("idnet.disclosure.keys.provider=kms", "idnet.disclosure.keys.directory=" + keys,
            "idnet.disclosure.keys.kms-key-uri=" + vault.keyUri("idnet/transit", "idnet-disclosure"),
            "idnet.disclosure.keys.vault.token-file=" + tokenFile,
            "idnet.disclosure.keys.vault.ca-file=" + vault.caFile(),
            "idnet.disclosure.keys.create-if-missing=" + createIfMissing);
  }

  @Test
  void startThenFiveKeysetsWrittenUnderTheVaultKeyAndReadBackTheSameWithNothingElseWritten() throws Exception {
    DisclosureKeysets[] first = new DisclosureKeysets[1];
    disclosure(vault.issueToken(), true).run(context -> {
      assertThat(context).hasNotFailed();
      first[0] = context.getBean(DisclosureKeysets.class);
    });

    disclosure(vault.issueToken(), false).run(context -> {
      assertThat(context).hasNotFailed();
      DisclosureKeysets again = context.getBean(DisclosureKeysets.class);
      assertThat(again.grantSigning().equalsKeyset(first[0].grantSigning())).isTrue();
      assertThat(again.auditSigning().equalsKeyset(first[0].auditSigning())).isTrue();
      assertThat(again.packageEncryption().equalsKeyset(first[0].packageEncryption())).isTrue();
      assertThat(again.accountIndex().equalsKeyset(first[0].accountIndex())).isTrue();
      assertThat(again.requestFields().equalsKeyset(first[0].requestFields())).isTrue();
    });
    try (var files = Files.list(keys)) {
      assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrder(
          "grant-signing-keyset.json", "audit-signing-keyset.json", "package-keyset.json",
          "account-index-keyset.json", "request-field-keyset.json");
    }
    assertThat(vault.calls()).contains("POST /v1/idnet/transit/decrypt/idnet-disclosure");
  }

  /**
   * Kubernetes: the service writes no public keyset, and {@code bin/idnet-keysets public-keyset}
   * makes it offline from the files this service loads: it must read them exactly as the service
   * does (its name and the file names are the encrypted keysets' associated data).
   */
  @Test
  void theKeysetCommandWritesThePublicHalfOfTheGrantSigningKeysetThisServiceLoaded() throws Exception {
    DisclosureKeysets[] loaded = new DisclosureKeysets[1];
    disclosure(vault.issueToken(), true).run(context -> loaded[0] = context.getBean(DisclosureKeysets.class));
    Path out = secrets.resolve("grant-signing-public-keyset.json");
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit = KeysetTool.run(new String[] {"public-keyset", "--keys.directory", keys.toString(),
        "--keys.kms-key-uri", vault.keyUri("idnet/transit", "idnet-disclosure"),
        "--keys.vault.token-file", Files.writeString(secrets.resolve("operator-token"), vault.issueToken()).toString(),
        "--keys.vault.ca-file", vault.caFile().toString(), "--out", out.toString()},
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(PublicKeysetFile.read(out, Ed25519Parameters.class)
        .equalsKeyset(loaded[0].grantSigning().getPublicKeysetHandle())).isTrue();
  }

  @Test
  void startWhenVaultRefusesTheTokenThenFailsNamingTheSetting() throws Exception {
    disclosure("s.revoked", true).run(context -> assertThat(context).getFailure()
        .hasStackTraceContaining("idnet.disclosure.keys.vault.token-file")
        .hasStackTraceContaining("HTTP 403: permission denied"));
    assertThat(keys).isEmptyDirectory();
  }

  @Test
  void startWhenTheGrantSigningKeysetWasTamperedWithThenFailsNamingIt() throws Exception {
    disclosure(vault.issueToken(), true).run(context -> assertThat(context).hasNotFailed());
    VaultTransitStandIn.alterOneSealedByte(keys.resolve("grant-signing-keyset.json"));

    disclosure(vault.issueToken(), false).run(context -> assertThat(context).getFailure()
        .hasStackTraceContaining("grant-signing-keyset.json does not decrypt under the KMS key"));
  }
}
