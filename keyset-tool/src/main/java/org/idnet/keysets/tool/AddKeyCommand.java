package org.idnet.keysets.tool;

import com.google.crypto.tink.KeysetHandle;
import java.security.GeneralSecurityException;
import java.util.HashSet;
import java.util.Set;
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
 * Phase one of a rotation: a new key of the keyset's own kind, enabled but not primary, so every
 * pod rolled with the file can read (decrypt, verify, find by blind index) what the key will write
 * once it is promoted; nothing is written with it yet. With {@code --primary}, one phase for a
 * keyset whose readers are not idnet's pods (the audit-signing key: auditors fetch its public keys).
 */
@Command(name = "add-key", sortOptions = false,
    description = {"Adds a new key to one keyset of a service, enabled and NOT primary (phase 1 of a rotation: "
        + "roll every pod with the new file, then 'promote' it). Writes the keyset back in place, encrypted "
        + "under the same KMS key (or plain, as it was). Prints the new key's id."},
    footer = {"", "Example:",
        "  bin/idnet-keysets add-key --service identity --keyset blind-index-keyset.json \\",
        "      --keys.directory ./identity-keysets \\",
        "      --keys.kms-key-uri hcvault://vault.example.vn:8200/transit/keys/idnet-identity \\",
        "      --keys.vault.token-file ~/.vault-token --keys.vault.ca-file vault-ca.crt"})
final class AddKeyCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
  boolean help;

  @Mixin
  ServiceOption service;

  @Mixin
  KeysetOption keyset;

  @Option(names = "--primary", description = "make the new key primary at once (one phase: only where no pod "
      + "must be able to read it first, e.g. audit-signing-keyset.json)")
  boolean primary;

  @Mixin
  KmsOptions keys;

  @Override
  public Integer call() throws GeneralSecurityException {
    KeysetLayout layout = service.layout();
    KeysetSpec target = keyset.of(layout);
    KeysetDirectory directory = keys.open(layout, false);
    KeysetHandle before = directory.load().get(target);
    KeysetHandle.Builder.Entry added = KeysetHandle.generateEntryFromParameters(target.template()).withRandomId();
    if (primary) {
      added.makePrimary();
    }
    KeysetHandle after = KeysetHandle.newBuilder(before).addEntry(added).build();
    directory.replace(target, after);
    Set<String> old = new HashSet<>(KeyIds.ids(before));
    String id = KeyIds.ids(after).stream().filter(i -> !old.contains(i)).findFirst().orElseThrow();
    spec.commandLine().getOut().println(id);
    String file = keys.directory.resolve(keyset.fileName).toAbsolutePath().toString();
    spec.commandLine().getErr().println(layout.service() + " keyset " + file
        + ": added key " + id + (primary ? " as primary" : " (not primary: roll every pod, then promote it)") + "; "
        + KeyIds.describe(after));
    return KeysetTool.OK;
  }
}
