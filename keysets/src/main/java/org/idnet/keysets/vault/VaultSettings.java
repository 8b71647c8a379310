package org.idnet.keysets.vault;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a service logs in to Vault (or OpenBao) to use a transit key, and whom it trusts to be Vault.
 * Exactly one login: a token file, or Kubernetes auth. Bound by each service under
 * {@code <prefix>.vault} (e.g. {@code idnet.identity.keys.vault.token-file}); the Vault address
 * comes from the key URI ({@link VaultKeyUri}).
 *
 * @param tokenFile a file holding a Vault token, read at start-up (Vault Agent's token sink, or a
 *     mounted Secret); never a token in a property or an environment variable, where it would show
 *     in the process listing and the pod spec
 * @param kubernetesRole log in with Vault's Kubernetes auth as this role, with the pod's service
 *     account token
 * @param kubernetesJwtFile the service account token for that login; default the token Kubernetes
 *     mounts, {@code /var/run/secrets/kubernetes.io/serviceaccount/token} (a projected token with
 *     Vault's audience is better)
 * @param kubernetesAuthPath where Vault mounts its Kubernetes auth method; default {@code kubernetes}
 * @param caFile PEM file of the CA certificates that verify Vault's server certificate; default the
 *     JVM's trust store. Vault is spoken to over https only
 * @param namespace Vault Enterprise / OpenBao namespace, if any
 * @param timeout connect and answer timeout of each call to Vault; default 10 s
 */
public record VaultSettings(Path tokenFile, String kubernetesRole, Path kubernetesJwtFile, String kubernetesAuthPath,
    Path caFile, String namespace, Duration timeout) {

  public static final Path SERVICE_ACCOUNT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

  public VaultSettings {
    kubernetesRole = blankToNull(kubernetesRole);
    namespace = blankToNull(namespace);
    kubernetesAuthPath = kubernetesAuthPath == null || kubernetesAuthPath.isBlank() ? "kubernetes"
        : kubernetesAuthPath.strip().replaceAll("^/+|/+$", "");
    if (kubernetesJwtFile == null || kubernetesJwtFile.toString().isBlank()) {
      kubernetesJwtFile = SERVICE_ACCOUNT_TOKEN;
    }
    if (tokenFile != null && tokenFile.toString().isBlank()) {
      tokenFile = null;
    }
    if (caFile != null && caFile.toString().isBlank()) {
      caFile = null;
    }
    if (timeout == null || timeout.isZero() || timeout.isNegative()) {
      timeout = Duration.ofSeconds(10);
    }
  }

  /** Nothing configured: every default, no login (a Vault key URI then fails naming the settings). */
  public static VaultSettings none() {
    return new VaultSettings(null, null, null, null, null, null, null);
  }

  /** A token file login, with the CA that verifies Vault. */
  public static VaultSettings tokenFile(Path tokenFile, Path caFile) {
    return new VaultSettings(tokenFile, null, null, null, caFile, null, null);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
