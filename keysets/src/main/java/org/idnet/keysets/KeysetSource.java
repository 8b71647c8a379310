package org.idnet.keysets;

import java.nio.file.Path;
import org.idnet.keysets.vault.VaultSettings;

/**
 * Where a service's keysets come from, as each service configures it under its layout's prefix
 * (e.g. {@code idnet.identity.keys.directory}); {@link KeysetDirectory#open} opens it.
 *
 * @param directory holds the layout's keyset files; required
 * @param provider {@code file} (default: plain Tink JSON keysets, the sandbox) or {@code kms}
 *     (keysets encrypted under a KMS master key, production)
 * @param kmsKeyUri the KMS master key, e.g. {@code hcvault://vault.vault.svc:8200/transit/keys/idnet-identity}
 *     (Vault or OpenBao transit); required with {@code kms}
 * @param createIfMissing generate missing keysets on start (default false; with {@code file} the
 *     sandbox only, since generated keys are development keys; with {@code kms} once, on the first
 *     deployment)
 * @param vault how to log in to Vault for an {@code hcvault://} key ({@code .vault.token-file} or
 *     {@code .vault.kubernetes-role}, {@code .vault.ca-file}, ...); default no login
 */
public record KeysetSource(Path directory, Provider provider, String kmsKeyUri, boolean createIfMissing,
    VaultSettings vault) {

  public KeysetSource {
    provider = provider == null ? Provider.FILE : provider;
    vault = vault == null ? VaultSettings.none() : vault;
  }

  /** Plain keyset files in {@code directory}. */
  public static KeysetSource files(Path directory, boolean createIfMissing) {
    return new KeysetSource(directory, Provider.FILE, null, createIfMissing, null);
  }

  /** Keyset files in {@code directory}, encrypted under the KMS key {@code kmsKeyUri}. */
  public static KeysetSource kms(Path directory, String kmsKeyUri, boolean createIfMissing, VaultSettings vault) {
    return new KeysetSource(directory, Provider.KMS, kmsKeyUri, createIfMissing, vault);
  }

  /** Where keysets come from. */
  public enum Provider {
    /** Plain Tink JSON keyset files: the sandbox. */
    FILE,
    /** Keyset files encrypted under a KMS master key: production. */
    KMS
  }
}
