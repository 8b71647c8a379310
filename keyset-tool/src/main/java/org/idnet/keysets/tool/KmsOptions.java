package org.idnet.keysets.tool;

import java.nio.file.Path;
import org.idnet.keysets.KeysetDirectory;
import org.idnet.keysets.KeysetLayout;
import org.idnet.keysets.KeysetSource;
import org.idnet.keysets.vault.VaultSettings;
import picocli.CommandLine.Option;

/**
 * Where a command finds a service's keysets and how it opens them: the options are named after the
 * service's settings ({@code idnet.<service>.keys.directory} is {@code --keys.directory}, and so on),
 * so a directory opens here exactly as it opens in the service.
 */
final class KmsOptions {

  @Option(names = "--keys.directory", required = true, paramLabel = "DIR",
      description = "the service's keyset directory (a copy of what is mounted at /etc/idnet/keysets)")
  Path directory;

  @Option(names = "--keys.kms-key-uri", paramLabel = "URI",
      description = "the KMS key the keysets are encrypted under (hcvault://<host>:<port>/<mount>/keys/<name>); "
          + "omitted: plain keysets (the sandbox, development)")
  String kmsKeyUri;

  @Option(names = "--keys.vault.token-file", paramLabel = "FILE", description = "a file holding a Vault token")
  Path tokenFile;

  @Option(names = "--keys.vault.kubernetes-role", paramLabel = "ROLE",
      description = "log in with Vault's Kubernetes auth as this role instead")
  String kubernetesRole;

  @Option(names = "--keys.vault.kubernetes-jwt-file", paramLabel = "FILE",
      description = "the service account token for that login (default: the pod's)")
  Path kubernetesJwtFile;

  @Option(names = "--keys.vault.kubernetes-auth-path", paramLabel = "PATH",
      description = "where Vault mounts its Kubernetes auth (default: kubernetes)")
  String kubernetesAuthPath;

  @Option(names = "--keys.vault.ca-file", paramLabel = "FILE",
      description = "PEM CA certificates that verify Vault (default: the JVM's trust store)")
  Path caFile;

  @Option(names = "--keys.vault.namespace", paramLabel = "NAMESPACE", description = "Vault namespace, if any")
  String namespace;

  /** The layout with messages naming this command's options ({@code --keys.kms-key-uri}) instead of the service's. */
  static KeysetLayout named(KeysetLayout layout) {
    return new KeysetLayout(layout.service(), "--keys", layout.keysets());
  }

  /** The directory as the service opens it: plain, or encrypted under the KMS key (asked here, once). */
  KeysetDirectory open(KeysetLayout layout, boolean createIfMissing) {
    KeysetSource source = kmsKeyUri == null ? KeysetSource.files(directory, createIfMissing)
        : KeysetSource.kms(directory, kmsKeyUri, createIfMissing, new VaultSettings(tokenFile, kubernetesRole,
            kubernetesJwtFile, kubernetesAuthPath, caFile, namespace, null));
    return KeysetDirectory.open(layout, source, null);
  }

  boolean encrypted() {
    return kmsKeyUri != null;
  }
}
