package org.idnet.keysets.vault;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.idnet.keysets.KmsUnavailableException;

/**
 * A Vault token for this start-up: read from the token file and checked with {@code lookup-self}
 * (every token may look itself up), or obtained by a Kubernetes auth login. The token is used only
 * while the keysets are read at start-up, so it is never renewed; a restart logs in again.
 */
final class VaultLogin {

  private final VaultSettings settings;
  private final String prefix;
  private final String address;

  VaultLogin(VaultSettings settings, String prefix, String address) {
    this.settings = settings;
    this.prefix = prefix;
    this.address = address;
  }

  String token(VaultConfig config) throws KmsUnavailableException {
    return settings.tokenFile() != null ? fromFile(config) : fromKubernetes(config);
  }

  private String fromFile(VaultConfig config) throws KmsUnavailableException {
    Path file = settings.tokenFile();
    String token = read(file, prefix + ".token-file", "Vault token");
    try {
      Vault.create(config.token(token), 1).auth().lookupSelf();
      return token;
    } catch (VaultException e) {
      throw new KmsUnavailableException(refusedOrUnreachable(e) + " the token of " + file.toAbsolutePath()
          + " (" + prefix + ".token-file): " + VaultErrors.of(e), e);
    }
  }

  private String fromKubernetes(VaultConfig config) throws KmsUnavailableException {
    String jwt = read(settings.kubernetesJwtFile(), prefix + ".kubernetes-jwt-file", "service account token");
    String mount = "auth/" + settings.kubernetesAuthPath();
    try {
      String token = Vault.create(config, 1).auth()
          .loginByKubernetes(settings.kubernetesRole(), jwt, mount).getAuthClientToken();
      if (token == null || token.isBlank()) {
        throw new KmsUnavailableException("Vault at " + address + " gave no token for the Kubernetes login as role "
            + settings.kubernetesRole() + " at " + mount);
      }
      return token;
    } catch (VaultException e) {
      throw new KmsUnavailableException(refusedOrUnreachable(e) + " the Kubernetes login as role "
          + settings.kubernetesRole() + " at " + mount + " (" + prefix + ".kubernetes-role, "
          + prefix + ".kubernetes-auth-path): " + VaultErrors.of(e), e);
    }
  }

  /** Vault said no, or was never heard: the operator looks at the credential, or at the network and TLS. */
  private String refusedOrUnreachable(VaultException e) {
    return e.getHttpStatusCode() > 0 ? "Vault at " + address + " refused" : "cannot reach Vault at " + address
        + " (network, TLS or " + prefix + ".ca-file) for";
  }

  private static String read(Path file, String property, String what) throws KmsUnavailableException {
    String value;
    try {
      value = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new KmsUnavailableException("cannot read the " + what + " file " + file.toAbsolutePath() + " ("
          + property + "): " + e.getClass().getSimpleName(), e);
    }
    if (value.isEmpty()) {
      throw new KmsUnavailableException("the " + what + " file " + file.toAbsolutePath() + " (" + property
          + ") is empty");
    }
    return value;
  }
}
