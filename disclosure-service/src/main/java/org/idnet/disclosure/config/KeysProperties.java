package org.idnet.disclosure.config;

import java.nio.file.Path;
import org.idnet.keysets.KeysetSource;
import org.idnet.keysets.vault.VaultSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where disclosure-service's keysets come from, under {@code idnet.disclosure.keys}.
 *
 * @param directory holds {@code grant-signing-keyset.json}, {@code audit-signing-keyset.json},
 *     {@code package-keyset.json}, {@code account-index-keyset.json} and
 *     {@code request-field-keyset.json}; required, no default
 * @param provider {@code file} (default: plain Tink JSON keysets, the sandbox) or {@code kms}
 *     (keysets encrypted under a KMS master key, production)
 * @param kmsKeyUri the KMS master key, e.g.
 *     {@code hcvault://vault.vault.svc:8200/transit/keys/idnet-disclosure} (Vault or OpenBao
 *     transit); required with {@code kms}
 * @param createIfMissing generate missing keysets on start (default false; with {@code file} the
 *     sandbox only, since generated keys are development keys; with {@code kms} once, on the first
 *     deployment)
 * @param grantPublicKeysetFile where the public half of the grant-signing keyset is written at
 *     start, for identity-service to trust (its
 *     {@code idnet.identity.disclosure-grants.public-keyset-file}); the file's directory must be
 *     writable. No default: unset, nothing is written, so the service starts on a read-only file
 *     system; identity-service then gets the file another way (Kubernetes: made offline with
 *     {@code bin/idnet-keysets public-keyset} and mounted from a ConfigMap). The sandbox sets it.
 * @param vault how to log in to Vault for an {@code hcvault://} key ({@code .vault.token-file} or
 *     {@code .vault.kubernetes-role}, {@code .vault.ca-file}, ...)
 */
@ConfigurationProperties("idnet.disclosure.keys")
public record KeysProperties(Path directory, @DefaultValue("file") KeysetSource.Provider provider, String kmsKeyUri,
    @DefaultValue("false") boolean createIfMissing, Path grantPublicKeysetFile, @DefaultValue VaultSettings vault) {

  public KeysProperties {
    if (grantPublicKeysetFile != null && grantPublicKeysetFile.toString().isBlank()) {
      grantPublicKeysetFile = null;
    }
  }

  /** The keysets' source, as every service names it ({@code grantPublicKeysetFile} aside). */
  public KeysetSource source() {
    return new KeysetSource(directory, provider, kmsKeyUri, createIfMissing, vault);
  }
}
