package org.idnet.keysets.tool;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AeadParameters;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.signature.Ed25519Parameters;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.idnet.keysets.KeysetDirectory;
import org.idnet.keysets.KeysetLayout;
import org.idnet.keysets.KeysetSpec;
import org.idnet.keysets.PublicKeysetFile;
import org.idnet.keysets.vault.VaultSettings;
import org.idnet.keysets.vault.VaultTransitStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code idnet-keysets public-keyset} over disclosure-service's grant-signing keyset, encrypted under
 * a Vault transit key served by {@link VaultTransitStandIn} (a stand-in speaking Vault's HTTP API
 * over https: no Vault can run on this machine), and plain as in the sandbox.
 */
class PublicKeysetCommandTest {

  /** disclosure-service's grant-signing keyset, as its KeysConfiguration declares it. */
  static final KeysetSpec GRANT = new KeysetSpec("grant-signing-keyset.json", PredefinedSignatureParameters.ED25519,
      Ed25519Parameters.class);
  static final KeysetLayout DISCLOSURE = new KeysetLayout("disclosure", "idnet.disclosure.keys", List.of(GRANT));
  static VaultTransitStandIn vault;
  static String key;

  @TempDir
  Path keys;
  @TempDir
  Path work;

  record Run(int exit, String out, String err) {
  }

  @BeforeAll
  static void start() {
    vault = VaultTransitStandIn.start().createKey("transit", "idnet-disclosure");
    key = vault.keyUri("transit", "idnet-disclosure");
  }

  @AfterAll
  static void stop() {
    vault.close();
  }

  Path tokenFile(String token) throws Exception {
    return Files.writeString(work.resolve("vault-token"), token);
  }

  KeysetHandle encryptedGrantKeyset() throws Exception {
    VaultSettings login = VaultSettings.tokenFile(tokenFile(vault.issueToken()), vault.caFile());
    return KeysetDirectory.kms(DISCLOSURE, keys, key, KeysetDirectory.kmsClientFor(DISCLOSURE, key, login), true)
        .load().get(GRANT);
  }

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = KeysetTool.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  String[] vaultArgs(String token, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("public-keyset", "--keys.directory", keys.toString(),
        "--keys.kms-key-uri", key, "--keys.vault.token-file", tokenFile(token).toString(),
        "--keys.vault.ca-file", vault.caFile().toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void publicKeysetWhenEncryptedUnderTheVaultKeyThenWritesExactlyItsPublicHalf() throws Exception {
    KeysetHandle grant = encryptedGrantKeyset();
    Path out = work.resolve("grant-signing-public-keyset.json");

    Run run = run(vaultArgs(vault.issueToken(), "--out", out.toString()));

    assertThat(run.exit()).as(run.err()).isZero();
    // read() refuses secret key material: the file holds public keys only, exactly the keyset's.
    assertThat(PublicKeysetFile.read(out, Ed25519Parameters.class).equalsKeyset(grant.getPublicKeysetHandle()))
        .isTrue();
    assertThat(run.err()).contains("primary " + Integer.toUnsignedString(grant.getPrimary().getId()))
        .contains("written to " + out.toAbsolutePath());
  }

  @Test
  void publicKeysetToStandardOutputThenTheSameJson() throws Exception {
    KeysetHandle grant = encryptedGrantKeyset();

    Run run = run(vaultArgs(vault.issueToken(), "--out", "-"));

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo(PublicKeysetFile.json(grant));
  }

  @Test
  void publicKeysetWhenPlainSandboxKeysetThenNoKmsNeeded() throws Exception {
    KeysetHandle grant = KeysetDirectory.plain(DISCLOSURE, keys, true).load().get(GRANT);
    Path out = work.resolve("public.json");

    Run run = run("public-keyset", "--keys.directory", keys.toString(), "--out", out.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(PublicKeysetFile.read(out, Ed25519Parameters.class).equalsKeyset(grant.getPublicKeysetHandle()))
        .isTrue();
  }

  @Test
  void publicKeysetWhenVaultRefusesTheTokenThenExit1NamingTheOptionAndNothingWritten() throws Exception {
    encryptedGrantKeyset();
    Path out = work.resolve("public.json");

    Run run = run(vaultArgs("s.expired", "--out", out.toString()));

    assertThat(run.exit()).isEqualTo(KeysetTool.FAILED);
    assertThat(run.err()).contains("--keys.vault.token-file").contains("HTTP 403: permission denied")
        .doesNotContain("s.expired").doesNotContain("at org.");
    assertThat(out).doesNotExist();
  }

  @Test
  void publicKeysetWhenTheKeysetWasAlteredOrIsAnotherServicesThenExit1() throws Exception {
    encryptedGrantKeyset();
    Path file = keys.resolve(GRANT.fileName());
    String original = Files.readString(file);

    // Another service's name: the associated data differs, so the keyset does not decrypt.
    Run otherService = run(vaultArgs(vault.issueToken(), "--service", "identity", "--out", "-"));
    VaultTransitStandIn.alterOneSealedByte(file);
    Run altered = run(vaultArgs(vault.issueToken(), "--out", "-"));

    assertThat(otherService.exit()).isEqualTo(KeysetTool.FAILED);
    assertThat(otherService.err()).contains("does not decrypt under the KMS key " + key);
    assertThat(altered.exit()).isEqualTo(KeysetTool.FAILED);
    assertThat(altered.err()).contains("grant-signing-keyset.json does not decrypt").contains("an altered file");
    assertThat(altered.out()).isEmpty();
    assertThat(original).isNotEqualTo(Files.readString(file));
  }

  @Test
  void publicKeysetWhenNotASigningKeysetOrMissingThenExit1NamingTheFile() throws Exception {
    KeysetSpec aead = new KeysetSpec("package-keyset.json", PredefinedAeadParameters.AES256_GCM, AeadParameters.class);
    KeysetDirectory.plain(new KeysetLayout("disclosure", "idnet.disclosure.keys", List.of(aead)), keys, true).load();

    Run wrongKind = run("public-keyset", "--keys.directory", keys.toString(), "--keyset", "package-keyset.json",
        "--out", "-");
    Run missing = run("public-keyset", "--keys.directory", keys.toString(), "--out", "-");

    assertThat(wrongKind.exit()).isEqualTo(KeysetTool.FAILED);
    assertThat(wrongKind.err()).contains("package-keyset.json").contains("wrong kind");
    assertThat(missing.exit()).isEqualTo(KeysetTool.FAILED);
    assertThat(missing.err()).contains("no keyset file " + keys.resolve("grant-signing-keyset.json").toAbsolutePath());
  }

  @Test
  void badCommandLineThenExit2() {
    assertThat(run("public-keyset", "--keys.directory", keys.toString()).exit()).isEqualTo(KeysetTool.USAGE);
    assertThat(run("public-keyset", "--keys.directory", keys.toString(), "--keyset", "../x", "--out", "-").exit())
        .isEqualTo(KeysetTool.USAGE);
    assertThat(run().exit()).isEqualTo(KeysetTool.USAGE);
    assertThat(run("--help").exit()).isZero();
  }
}
