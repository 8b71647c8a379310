package org.idnet.keysets.tool;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.signature.Ed25519Parameters;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.idnet.keysets.KeysetLayout;
import org.idnet.keysets.KeysetSpec;
import org.idnet.keysets.PublicKeysetFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Writes the public half of a signing keyset: by default disclosure-service's grant-signing keyset,
 * as the file identity-service trusts ({@code idnet.identity.disclosure-grants.public-keyset-file}).
 * The keyset is read exactly as the service reads it (plain, or encrypted under the KMS key with the
 * service's name and the file's name as associated data), so a file that would not load in the
 * service does not load here either. The options are named after disclosure-service's settings
 * ({@code idnet.disclosure.keys.directory} is {@code --keys.directory}, and so on).
 */
@Command(name = "public-keyset", sortOptions = false,
    description = {"Writes the public half of disclosure-service's grant-signing keyset (or another Ed25519 "
        + "signing keyset) as a Tink JSON public keyset, for identity-service's "
        + "idnet.identity.disclosure-grants.public-keyset-file. Reads the keyset as the service does: plain "
        + "(the sandbox) or, with --keys.kms-key-uri, encrypted under that Vault transit key."},
    footer = {"", "Example (Kubernetes: put the file in the secret store at idnet/keysets/disclosure, property",
        "grant-signing-public; External Secrets writes Secret disclosure-grant-public-keyset, which identity-service",
        "mounts at /etc/idnet/grant-keys, within its refreshInterval (1 h) or at once when the ExternalSecret is",
        "annotated force-sync):",
        "  bin/idnet-keysets public-keyset --keys.directory ./disclosure-keysets \\",
        "      --keys.kms-key-uri hcvault://vault.example.vn:8200/transit/keys/idnet-disclosure \\",
        "      --keys.vault.token-file ~/.vault-token --keys.vault.ca-file vault-ca.crt \\",
        "      --out grant-signing-public-keyset.json",
        "Nothing secret is written; the Vault token is read from its file, never from the command line."})
final class PublicKeysetCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
  boolean help;

  @Mixin
  KmsOptions keys;

  @Option(names = "--keyset", defaultValue = "grant-signing-keyset.json", paramLabel = "FILE NAME",
      description = "the signing keyset's file name in that directory (default: ${DEFAULT-VALUE})")
  String keyset;

  @Option(names = "--service", defaultValue = "disclosure", paramLabel = "NAME",
      description = "whose keyset it is: part of an encrypted keyset's associated data (default: ${DEFAULT-VALUE})")
  String service;

  @Option(names = "--out", required = true, paramLabel = "FILE|-",
      description = "where to write the public keyset (replaced atomically); - for standard output")
  String out;

  @Override
  public Integer call() {
    KeysetSpec signing = spec(keyset);
    KeysetLayout layout = layout(signing);
    Path file = keys.directory.resolve(keyset);
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("no keyset file " + file.toAbsolutePath() + " (--keys.directory, --keyset)");
    }
    KeysetHandle handle = keys.open(layout, false).load().get(signing);
    String written;
    if (out.equals("-")) {
      spec.commandLine().getOut().print(PublicKeysetFile.json(handle));
      spec.commandLine().getOut().flush();
      written = "standard output";
    } else {
      Path target = Path.of(out);
      PublicKeysetFile.write(target, handle);
      written = target.toAbsolutePath().toString();
    }
    spec.commandLine().getErr().println("public keyset of " + service + " keyset " + file.toAbsolutePath()
        + " (key ids " + KeyIds.ids(handle) + ", primary " + KeyIds.id(handle.getPrimary().getId())
        + ") written to " + written);
    return KeysetTool.OK;
  }

  private KeysetSpec spec(String fileName) {
    try {
      return new KeysetSpec(fileName, PredefinedSignatureParameters.ED25519, Ed25519Parameters.class);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--keyset: " + e.getMessage());
    }
  }

  /** The settings named as options in messages: {@code --keys.kms-key-uri}, {@code --keys.vault.token-file}. */
  private KeysetLayout layout(KeysetSpec signing) {
    try {
      return new KeysetLayout(service, "--keys", List.of(signing));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--service: " + e.getMessage());
    }
  }
}
