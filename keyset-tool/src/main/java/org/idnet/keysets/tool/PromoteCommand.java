package org.idnet.keysets.tool;

import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import java.security.GeneralSecurityException;
import java.util.concurrent.Callable;
import org.idnet.keysets.KeysetDirectory;
import org.idnet.keysets.KeysetLayout;
import org.idnet.keysets.KeysetSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Phase two of a rotation: an enabled key of the keyset becomes its primary, so what the service
 * writes from the next roll on uses it. The former primary stays, enabled: everything it wrote stays
 * readable (idnet never drops old keys by itself).
 */
@Command(name = "promote", sortOptions = false,
    description = {"Makes a key of one keyset its primary (phase 2 of a rotation, once every pod runs with the "
        + "key added by 'add-key'). The former primary stays in the keyset, enabled. Writes the keyset back in "
        + "place, encrypted under the same KMS key (or plain, as it was)."},
    footer = {"", "Example:",
        "  bin/idnet-keysets promote --service identity --keyset blind-index-keyset.json --key-id 1234567890 \\",
        "      --keys.directory ./identity-keysets \\",
        "      --keys.kms-key-uri hcvault://vault.example.vn:8200/transit/keys/idnet-identity \\",
        "      --keys.vault.token-file ~/.vault-token --keys.vault.ca-file vault-ca.crt"})
final class PromoteCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
  boolean help;

  @Mixin
  ServiceOption service;

  @Mixin
  KeysetOption keyset;

  @Option(names = "--key-id", required = true, paramLabel = "ID",
      description = "the key to make primary, as 'add-key' or 'list' print it")
  String keyId;

  @Mixin
  KmsOptions keys;

  @Override
  public Integer call() throws GeneralSecurityException {
    KeysetLayout layout = service.layout();
    KeysetSpec target = keyset.of(layout);
    KeysetDirectory directory = keys.open(layout, false);
    KeysetHandle before = directory.load().get(target);
    int index = KeyIds.ids(before).indexOf(keyId);
    if (index < 0) {
      throw new IllegalStateException(layout.service() + " keyset " + keyset.fileName + " has no key " + keyId + " ("
          + KeyIds.describe(before) + ")");
    }
    if (before.getAt(index).getStatus() != KeyStatus.ENABLED) {
      throw new IllegalStateException("key " + keyId + " of " + keyset.fileName + " is " + before.getAt(index).getStatus()
          + ": only an enabled key can be primary");
    }
    if (before.getAt(index).isPrimary()) {
      spec.commandLine().getErr().println("key " + keyId + " is already the primary of " + keyset.fileName + ": nothing written");
      return KeysetTool.OK;
    }
    // newBuilder keeps the entries in the handle's order, so the index names the same key.
    KeysetHandle.Builder builder = KeysetHandle.newBuilder(before);
    builder.getAt(index).makePrimary();
    KeysetHandle after = builder.build();
    directory.replace(target, after);
    String file = keys.directory.resolve(keyset.fileName).toAbsolutePath().toString();
    spec.commandLine().getErr().println(layout.service() + " keyset " + file
        + ": key " + keyId + " is primary now; " + KeyIds.describe(after));
    return KeysetTool.OK;
  }
}
