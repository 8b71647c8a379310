package org.idnet.keysets.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.keysets.tool.PublicKeysetCommandTest.run;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.idnet.keysets.KeysetDirectory;
import org.idnet.keysets.KeysetLayout;
import org.idnet.keysets.KeysetSpec;
import org.idnet.keysets.ServiceLayouts;
import org.idnet.keysets.vault.VaultSettings;
import org.idnet.keysets.vault.VaultTransitStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate}, {@code add-key}, {@code promote} and {@code list} against Vault's transit API
 * ({@link VaultTransitStandIn}, over https) and on plain development keysets. Every result is read
 * back through the services' own layouts ({@link ServiceLayouts}) with a fresh login, as a service
 * starting on the files would read them.
 */
class KeysetCommandsTest {

  static VaultTransitStandIn vault;
  static String identityKey;
  static String disclosureKey;

  @TempDir
  Path keys;
  @TempDir
  Path work;

  @BeforeAll
  static void start() {
    vault = VaultTransitStandIn.start().createKey("transit", "idnet-identity").createKey("transit", "idnet-disclosure");
    identityKey = vault.keyUri("transit", "idnet-identity");
    disclosureKey = vault.keyUri("transit", "idnet-disclosure");
  }

  @AfterAll
  static void stop() {
    vault.close();
  }

  String[] args(String command, String service, String key, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of(command, "--service", service, "--keys.directory", keys.toString(),
        "--keys.kms-key-uri", key, "--keys.vault.token-file", token().toString(),
        "--keys.vault.ca-file", vault.caFile().toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  Path token() throws Exception {
    return Files.writeString(work.resolve("vault-token"), vault.issueToken());
  }

  /** The directory as the service opens it at start: its own layout, a KMS login, nothing created. */
  Map<KeysetSpec, KeysetHandle> asTheServiceReads(KeysetLayout layout, String key) throws Exception {
    VaultSettings login = VaultSettings.tokenFile(token(), vault.caFile());
    return KeysetDirectory.kms(layout, keys, key, KeysetDirectory.kmsClientFor(layout, key, login), false).load();
  }

  @Test
  void generateMakesEveryKeysetOfTheServiceEncryptedUnderItsKeyAndKeepsThemOnASecondRun() throws Exception {
    PublicKeysetCommandTest.Run first = run(args("generate", "identity", identityKey));

    assertThat(first.exit()).as(first.err()).isZero();
    Map<KeysetSpec, KeysetHandle> loaded = asTheServiceReads(ServiceLayouts.Identity.LAYOUT, identityKey);
    assertThat(loaded).containsOnlyKeys(ServiceLayouts.Identity.LAYOUT.keysets());
    assertThat(first.err()).contains("aead-keyset.json: generated (encrypted under " + identityKey + ")")
        .contains("subject-id-keyset.json: generated");
    assertThat(keys.resolve(KeysetDirectory.SANDBOX_MARKER)).doesNotExist();
    String before = Files.readString(keys.resolve("blind-index-keyset.json"));
    assertThat(before).contains("encryptedKeyset");

    PublicKeysetCommandTest.Run again = run(args("generate", "identity", identityKey));

    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.err()).contains("blind-index-keyset.json: already there, kept");
    assertThat(Files.readString(keys.resolve("blind-index-keyset.json"))).isEqualTo(before);
    // Sealed under identity's master key: another key does not open them.
    PublicKeysetCommandTest.Run otherKey = run(args("list", "identity", disclosureKey));
    assertThat(otherKey.exit()).isEqualTo(KeysetTool.FAILED);
    assertThat(otherKey.err()).contains("does not decrypt under the KMS key " + disclosureKey);
  }

  @Test
  void generateWithoutAKmsKeyMakesPlainDevelopmentKeysetsInAMarkedDirectory() throws Exception {
    PublicKeysetCommandTest.Run run = run("generate", "--service", "disclosure", "--keys.directory", keys.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err()).contains("PLAIN: development only");
    assertThat(Files.readString(keys.resolve(KeysetDirectory.SANDBOX_MARKER))).contains("SANDBOX DEVELOPMENT KEYS")
        .contains("bin/idnet-keysets generate");
    Map<KeysetSpec, KeysetHandle> loaded = KeysetDirectory.plain(ServiceLayouts.Disclosure.LAYOUT, keys, false).load();
    assertThat(loaded).containsOnlyKeys(ServiceLayouts.Disclosure.LAYOUT.keysets());
    TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(keys.resolve("grant-signing-keyset.json")),
        InsecureSecretKeyAccess.get());
  }

  @Test
  void addKeyThenPromoteRotatesInTwoPhasesKeepingTheOldKeyAndTheEncryption() throws Exception {
    run(args("generate", "identity", identityKey));
    KeysetHandle original = asTheServiceReads(ServiceLayouts.Identity.LAYOUT, identityKey)
        .get(ServiceLayouts.Identity.BLIND_INDEX);
    String oldId = Integer.toUnsignedString(original.getPrimary().getId());

    PublicKeysetCommandTest.Run added = run(args("add-key", "identity", identityKey, "--keyset",
        "blind-index-keyset.json"));

    assertThat(added.exit()).as(added.err()).isZero();
    String newId = added.out().strip();
    KeysetHandle phase1 = asTheServiceReads(ServiceLayouts.Identity.LAYOUT, identityKey)
        .get(ServiceLayouts.Identity.BLIND_INDEX);
    assertThat(phase1.size()).isEqualTo(2);
    assertThat(Integer.toUnsignedString(phase1.getPrimary().getId())).isEqualTo(oldId);
    assertThat(KeyIds.ids(phase1)).containsExactly(oldId, newId);
    assertThat(added.err()).contains("added key " + newId + " (not primary");
    assertThat(Files.readString(keys.resolve("blind-index-keyset.json"))).contains("encryptedKeyset");

    PublicKeysetCommandTest.Run listed = run(args("list", "identity", identityKey));
    assertThat(listed.out()).contains("blind-index-keyset.json: key ids " + oldId + " (primary), " + newId);

    PublicKeysetCommandTest.Run promoted = run(args("promote", "identity", identityKey, "--keyset",
        "blind-index-keyset.json", "--key-id", newId));

    assertThat(promoted.exit()).as(promoted.err()).isZero();
    KeysetHandle phase2 = asTheServiceReads(ServiceLayouts.Identity.LAYOUT, identityKey)
        .get(ServiceLayouts.Identity.BLIND_INDEX);
    assertThat(Integer.toUnsignedString(phase2.getPrimary().getId())).isEqualTo(newId);
    assertThat(KeyIds.ids(phase2)).containsExactly(oldId, newId);
    // The other keysets are untouched.
    assertThat(asTheServiceReads(ServiceLayouts.Identity.LAYOUT, identityKey).get(ServiceLayouts.Identity.SUBJECT_ID)
        .size()).isOne();
  }

  @Test
  void addKeyWithPrimaryRotatesTheAuditSigningKeyInOnePhase() throws Exception {
    run(args("generate", "disclosure", disclosureKey));
    String oldId = Integer.toUnsignedString(asTheServiceReads(ServiceLayouts.Disclosure.LAYOUT, disclosureKey)
        .get(ServiceLayouts.Disclosure.AUDIT_SIGNING).getPrimary().getId());

    PublicKeysetCommandTest.Run added = run(args("add-key", "disclosure", disclosureKey, "--keyset",
        "audit-signing-keyset.json", "--primary"));

    assertThat(added.exit()).as(added.err()).isZero();
    KeysetHandle audit = asTheServiceReads(ServiceLayouts.Disclosure.LAYOUT, disclosureKey)
        .get(ServiceLayouts.Disclosure.AUDIT_SIGNING);
    assertThat(Integer.toUnsignedString(audit.getPrimary().getId())).isEqualTo(added.out().strip()).isNotEqualTo(oldId);
    assertThat(KeyIds.ids(audit)).contains(oldId);
  }

  @Test
  void mistakesExit1Or2NamingWhatIsWrongAndWriteNothing() throws Exception {
    run(args("generate", "identity", identityKey));
    Path file = keys.resolve("aead-keyset.json");
    String before = Files.readString(file);

    PublicKeysetCommandTest.Run unknownKey = run(args("promote", "identity", identityKey, "--keyset", "aead-keyset.json",
        "--key-id", "42"));
    PublicKeysetCommandTest.Run wrongKeyset = run(args("add-key", "identity", identityKey, "--keyset",
        "grant-signing-keyset.json"));
    PublicKeysetCommandTest.Run wrongService = run(args("generate", "gateway", identityKey));
    PublicKeysetCommandTest.Run refused = run("add-key", "--service", "identity", "--keyset", "aead-keyset.json",
        "--keys.directory", keys.toString(), "--keys.kms-key-uri", identityKey, "--keys.vault.token-file",
        Files.writeString(work.resolve("stale"), "s.expired").toString(), "--keys.vault.ca-file",
        vault.caFile().toString());

    assertThat(unknownKey.exit()).isEqualTo(KeysetTool.FAILED);
    assertThat(unknownKey.err()).contains("has no key 42");
    assertThat(wrongKeyset.exit()).isEqualTo(KeysetTool.USAGE);
    assertThat(wrongKeyset.err()).contains("identity has no keyset grant-signing-keyset.json");
    assertThat(wrongService.exit()).isEqualTo(KeysetTool.USAGE);
    assertThat(wrongService.err()).contains("one of identity, disclosure, webhooks");
    assertThat(refused.exit()).isEqualTo(KeysetTool.FAILED);
    assertThat(refused.err()).contains("HTTP 403: permission denied").doesNotContain("s.expired");
    assertThat(Files.readString(file)).isEqualTo(before);
    assertThat(run("add-key", "--help").exit()).isZero();
  }
}
