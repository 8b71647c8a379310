package org.idnet.keysets.vault;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KmsClient;
import io.github.jopenlibs.vault.EnvironmentLoader;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import java.security.GeneralSecurityException;
import org.idnet.keysets.KmsUnavailableException;

/**
 * Tink's {@link KmsClient} for a master key in Vault's (or OpenBao's) transit engine, named
 * {@code hcvault://<host>[:<port>]/<mount>/keys/<name>} as Tink's own HashiCorp Vault integration
 * names it (that integration is not published where this project gets its libraries; this one makes
 * the same transit calls through the same driver, io.github.jopenlibs:vault-java-driver).
 *
 * <p>Bound to one key. {@link #getAead} logs in (token file, checked with {@code lookup-self}, or
 * Kubernetes auth), so a refused credential stops the start-up there with Vault's reason. The
 * driver's environment fallbacks ({@code VAULT_TOKEN}, {@code ~/.vault-token}, {@code VAULT_ADDR},
 * {@code VAULT_SSL_VERIFY}) are switched off: only the settings named in messages count.
 */
public final class VaultTransitKmsClient implements KmsClient {

  /** The driver reads no environment variable and no file of its own. */
  private static final EnvironmentLoader NO_ENVIRONMENT = new EnvironmentLoader() {
    @Override
    public String loadVariable(String name) {
      return null;
    }
  };

  private final VaultKeyUri key;
  private final VaultSettings settings;
  private final String prefix;

  private VaultTransitKmsClient(VaultKeyUri key, VaultSettings settings, String prefix) {
    this.key = key;
    this.settings = settings;
    this.prefix = prefix;
  }

  /** True for {@code hcvault://} key URIs. */
  public static boolean handles(String keyUri) {
    return VaultKeyUri.isVaultUri(keyUri);
  }

  /**
   * A client for {@code keyUri}; nothing is asked of Vault yet.
   *
   * @param settingsPrefix where the settings are configured, e.g. {@code idnet.identity.keys.vault}:
   *     messages name {@code <prefix>.token-file} and the like
   * @throws IllegalStateException naming the settings when the URI or the login is not usable
   */
  public static VaultTransitKmsClient create(String keyUri, VaultSettings settings, String settingsPrefix) {
    VaultKeyUri key;
    try {
      key = VaultKeyUri.parse(keyUri);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    VaultSettings vault = settings == null ? VaultSettings.none() : settings;
    if ((vault.tokenFile() == null) == (vault.kubernetesRole() == null)) {
      throw new IllegalStateException("the Vault key " + keyUri + " needs exactly one login: " + settingsPrefix
          + ".token-file (a file holding a Vault token, e.g. Vault Agent's sink) or " + settingsPrefix
          + ".kubernetes-role (Vault's Kubernetes auth with the pod's service account token)");
    }
    return new VaultTransitKmsClient(key, vault, settingsPrefix);
  }

  @Override
  public boolean doesSupport(String keyUri) {
    return key.uri().equals(keyUri);
  }

  /** Credentials come from {@link VaultSettings}, never from a path handed over here. */
  @Override
  public KmsClient withCredentials(String credentialPath) {
    throw new UnsupportedOperationException("configure " + prefix + ".token-file or " + prefix + ".kubernetes-role");
  }

  @Override
  public KmsClient withDefaultCredentials() {
    return this;
  }

  @Override
  public Aead getAead(String keyUri) throws GeneralSecurityException {
    if (!doesSupport(keyUri)) {
      throw new GeneralSecurityException("this client is bound to " + key.uri() + ", not " + keyUri);
    }
    VaultConfig config = config();
    String token = new VaultLogin(settings, prefix, key.address()).token(config);
    config.token(token);
    return new VaultTransitAead(Vault.create(config, 1).logical(), key);
  }

  private VaultConfig config() throws KmsUnavailableException {
    int seconds = (int) Math.max(1, settings.timeout().toSeconds());
    try {
      VaultConfig config = new VaultConfig()
          .environmentLoader(NO_ENVIRONMENT)
          .address(key.address())
          // The driver's own TLS settings are unused with this client; build() makes them from
          // NO_ENVIRONMENT, so verification stays on whatever VAULT_SSL_VERIFY says.
          .httpClient(VaultHttp.client(settings, prefix + ".ca-file"))
          .openTimeout(seconds)
          .readTimeout(seconds);
      if (settings.namespace() != null) {
        config.nameSpace(settings.namespace());
      }
      return config.build();
    } catch (VaultException e) {
      throw new KmsUnavailableException("cannot set up the Vault client for " + key.address() + ": "
          + VaultErrors.of(e), e);
    }
  }
}
