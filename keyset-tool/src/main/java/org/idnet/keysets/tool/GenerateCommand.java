package org.idnet.keysets.tool;

import com.google.crypto.tink.KeysetHandle;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.idnet.keysets.KeysetLayout;
import org.idnet.keysets.KeysetSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A service's first keysets, exactly as the service would make them on a first start with
 * {@code keys.create-if-missing=true} (the same {@code KeysetDirectory}, layout and associated data),
 * without starting the service: a missing keyset is generated, encrypted under the KMS key (or plain,
 * for development, in a directory then marked as holding development keys); a keyset already there
 * is kept and only read, so running it twice changes nothing. Every keyset is then read back as the
 * service reads it.
 */
@Command(name = "generate", sortOptions = false,
    description = {"Makes the keysets of identity-service or disclosure-service that are missing in a directory: "
        + "encrypted under a Vault transit key with --keys.kms-key-uri (production), or plain without it "
        + "(development: the directory is marked as holding development keys). Keysets already there are kept. "
        + "Put the files into the secret store afterwards; the services read them from /etc/idnet/keysets."},
    footer = {"", "Example (needs a Vault token that may encrypt and decrypt with the key: docs/keys.md):",
        "  bin/idnet-keysets generate --service identity --keys.directory ./identity-keysets \\",
        "      --keys.kms-key-uri hcvault://vault.example.vn:8200/transit/keys/idnet-identity \\",
        "      --keys.vault.token-file ~/.vault-token --keys.vault.ca-file vault-ca.crt"})
final class GenerateCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
  boolean help;

  @Mixin
  ServiceOption service;

  @Mixin
  KmsOptions keys;

  @Override
  public Integer call() {
    KeysetLayout layout = service.layout();
    List<KeysetSpec> missing = layout.keysets().stream()
        .filter(s -> !Files.exists(keys.directory.resolve(s.fileName()))).toList();
    Map<KeysetSpec, KeysetHandle> loaded = keys.open(layout, true).load();
    loaded.forEach((keyset, handle) -> spec.commandLine().getErr().println(layout.service() + " keyset "
        + keys.directory.resolve(keyset.fileName()).toAbsolutePath() + ": "
        + (missing.contains(keyset) ? "generated" : "already there, kept") + " ("
        + (keys.encrypted() ? "encrypted under " + keys.kmsKeyUri : "PLAIN: development only") + "), "
        + KeyIds.describe(handle)));
    return KeysetTool.OK;
  }
}
