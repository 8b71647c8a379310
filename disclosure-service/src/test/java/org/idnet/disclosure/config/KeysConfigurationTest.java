package org.idnet.disclosure.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.KmsClient;
import com.google.crypto.tink.aead.AeadParameters;
import com.google.crypto.tink.prf.PrfParameters;
import com.google.crypto.tink.signature.Ed25519Parameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.idnet.keysets.KeysetDirectory;
import org.idnet.keysets.LocalKmsClient;
import org.idnet.keysets.PublicKeysetFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code idnet.disclosure.keys}: the five keysets, the published grant key where configured, and clear failures. */
class KeysConfigurationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withUserConfiguration(KeysConfiguration.class);

  @TempDir
  Path keys;

  @Test
  void startWhenSandboxFilesThenFiveDistinctKeysetsOfTheirKindsAndThePublicGrantKeyPublished() {
    runner.withPropertyValues("idnet.disclosure.keys.directory=" + keys, "idnet.disclosure.keys.create-if-missing=true",
            "idnet.disclosure.keys.grant-public-keyset-file=" + keys.resolve("grant-signing-public-keyset.json"))
        .run(context -> {
          assertThat(context).hasNotFailed();
          DisclosureKeysets keysets = context.getBean(DisclosureKeysets.class);
          assertThat(keysets.grantSigning().getPrimary().getKey().getParameters()).isInstanceOf(Ed25519Parameters.class);
          assertThat(keysets.auditSigning().getPrimary().getKey().getParameters()).isInstanceOf(Ed25519Parameters.class);
          assertThat(keysets.packageEncryption().getPrimary().getKey().getParameters())
              .isInstanceOf(AeadParameters.class);
          assertThat(keysets.accountIndex().getPrimary().getKey().getParameters()).isInstanceOf(PrfParameters.class);
          assertThat(keysets.requestFields().getPrimary().getKey().getParameters()).isInstanceOf(AeadParameters.class);
          assertThat(keysets.auditSigning().equalsKeyset(keysets.grantSigning())).isFalse();
          assertThat(keysets.requestFields().equalsKeyset(keysets.packageEncryption())).isFalse();
          Path published = keys.resolve("grant-signing-public-keyset.json");
          assertThat(PublicKeysetFile.read(published, Ed25519Parameters.class)
              .equalsKeyset(keysets.grantSigning().getPublicKeysetHandle())).isTrue();
          assertThat(keys.resolve("grant-signing-keyset.json")).isRegularFile();
          assertThat(keys.resolve("audit-signing-keyset.json")).isRegularFile();
          assertThat(keys.resolve("package-keyset.json")).isRegularFile();
          assertThat(keys.resolve("account-index-keyset.json")).isRegularFile();
          assertThat(keys.resolve("request-field-keyset.json")).isRegularFile();
          assertThat(Files.readString(keys.resolve(KeysetDirectory.SANDBOX_MARKER))).contains("disclosure-service");
        });
  }

  @Test
  void restartThenTheSameKeysAndTheSamePublishedFileAtAConfiguredPlace() {
    Path shared = keys.resolveSibling(keys.getFileName() + "-shared").resolve("grant.json");
    String[] properties = {"idnet.disclosure.keys.directory=" + keys, "idnet.disclosure.keys.create-if-missing=true",
        "idnet.disclosure.keys.grant-public-keyset-file=" + shared};
    String[] first = new String[1];
    runner.withPropertyValues(properties).run(context -> first[0] = Files.readString(shared));

    runner.withPropertyValues(properties).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(Files.readString(shared)).isEqualTo(first[0]);
      assertThat(keys.resolve("grant-signing-public-keyset.json")).doesNotExist();
    });
  }

  @Test
  void startWhenKmsThenKeysetsEncryptedUnderTheKmsKey() {
    runner.withBean(KmsClient.class, LocalKmsClient::new)
        .withPropertyValues("idnet.disclosure.keys.provider=kms", "idnet.disclosure.keys.directory=" + keys,
            "idnet.disclosure.keys.kms-key-uri=" + LocalKmsClient.PREFIX + "disclosure",
            "idnet.disclosure.keys.create-if-missing=true")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(Files.readString(keys.resolve("package-keyset.json"))).contains("encryptedKeyset");
          assertThat(keys.resolve("grant-signing-public-keyset.json")).doesNotExist();
        });
  }

  @Test
  void startWhenKeysMissingOrDirectoryUnsetOrKmsKeyUnsetThenFailsNamingTheSetting() {
    runner.withPropertyValues("idnet.disclosure.keys.directory=" + keys).run(context ->
        assertThat(context).getFailure().rootCause().hasMessageContaining("grant-signing-keyset.json")
            .hasMessageContaining("does not exist").hasMessageContaining("idnet.disclosure.keys.create-if-missing"));
    runner.run(context -> assertThat(context).getFailure().rootCause()
        .hasMessageContaining("idnet.disclosure.keys.directory is not set"));
    runner.withPropertyValues("idnet.disclosure.keys.provider=kms", "idnet.disclosure.keys.directory=" + keys)
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("idnet.disclosure.keys.kms-key-uri is not set"));
    assertThat(keys).isEmptyDirectory();
  }

  /**
   * Kubernetes: keysets on a read-only mount, only /tmp writable, and the public keyset made
   * offline. Unset, nothing is written anywhere (before, the file went next to the keysets by
   * default and the start failed where that directory was read-only). Tests may run as root, whom
   * permissions do not stop, so the directory's contents are compared as well.
   */
  @Test
  void startWhenNoPublicKeysetFileIsConfiguredThenNothingIsWrittenAndAReadOnlyKeysetDirectorySuffices()
      throws Exception {
    runner.withPropertyValues("idnet.disclosure.keys.directory=" + keys, "idnet.disclosure.keys.create-if-missing=true")
        .run(context -> assertThat(context).hasNotFailed());
    Files.deleteIfExists(keys.resolve("grant-signing-public-keyset.json"));
    List<String> before = listing(keys);
    Set<PosixFilePermission> writable = Files.getPosixFilePermissions(keys);
    Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      runner.withPropertyValues("idnet.disclosure.keys.directory=" + keys).run(context -> {
        assertThat(context).hasNotFailed();
        assertThat(context.getBean(DisclosureKeysets.class).grantSigning()).isNotNull();
      });
    } finally {
      Files.setPosixFilePermissions(keys, writable);
    }
    assertThat(listing(keys)).isEqualTo(before);
    assertThat(keys.resolve("grant-signing-public-keyset.json")).doesNotExist();
  }

  /** Every file's name, size and modification time: a write anywhere in the directory changes it. */
  private static List<String> listing(Path directory) throws Exception {
    try (Stream<Path> files = Files.list(directory)) {
      return files.sorted().map(file -> {
        try {
          return file.getFileName() + " " + Files.size(file) + " " + Files.getLastModifiedTime(file);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
  }

  @Test
  void startWhenThePublicKeysetCannotBeWrittenThenFailsNamingTheProperty() throws Exception {
    Path blocker = Files.writeString(keys.resolveSibling(keys.getFileName() + "-file"), "not a directory");
    runner.withPropertyValues("idnet.disclosure.keys.directory=" + keys, "idnet.disclosure.keys.create-if-missing=true",
            "idnet.disclosure.keys.grant-public-keyset-file=" + blocker.resolve("grant.json"))
        .run(context -> assertThat(context.getStartupFailure())
            .hasStackTraceContaining("idnet.disclosure.keys.grant-public-keyset-file"));
  }
}
