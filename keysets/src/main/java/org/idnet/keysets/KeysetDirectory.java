package org.idnet.keysets;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.KmsClient;
import com.google.crypto.tink.KmsClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.idnet.keysets.vault.VaultSettings;
import org.idnet.keysets.vault.VaultTransitKmsClient;

/**
 * Loads a service's keysets ({@link KeysetLayout}) from a directory: plain Tink JSON files in the
 * sandbox ({@link #plain}), or keysets encrypted under a KMS master key in production ({@link #kms}).
 *
 * <p>A missing keyset stops the start-up unless {@code createIfMissing} is set, because a newly
 * generated key would silently make everything the old one protected unreadable. With it, a
 * missing keyset is generated once: development keys (plain) or a first deployment (KMS).
 */
public final class KeysetDirectory {

  /** Written next to generated plain keysets: this directory holds development keys. */
  public static final String SANDBOX_MARKER = "SANDBOX-DEVELOPMENT-KEYS.txt";

  private final KeysetLayout layout;
  private final Path directory;
  private final KeysetFormat format;
  private final boolean createIfMissing;

  private KeysetDirectory(KeysetLayout layout, Path directory, KeysetFormat format, boolean createIfMissing) {
    this.layout = layout;
    this.directory = directory;
    this.format = format;
    this.createIfMissing = createIfMissing;
  }

  /**
   * The keyset directory {@code source} names, plain or under its KMS key: the one way every
   * service and tool opens its keysets.
   *
   * @param provided a KMS client the deployment provides (e.g. a Spring bean), asked only for a KMS
   *     source; when it supplies null, the client for the key URI ({@link #kmsClientFor}, with the
   *     source's Vault login)
   */
  public static KeysetDirectory open(KeysetLayout layout, KeysetSource source, Supplier<KmsClient> provided) {
    return switch (source.provider()) {
      case FILE -> plain(layout, source.directory(), source.createIfMissing());
      case KMS -> {
        KmsClient client = provided == null ? null : provided.get();
        yield kms(layout, source.directory(), source.kmsKeyUri(),
            client != null ? client : kmsClientFor(layout, source.kmsKeyUri(), source.vault()), source.createIfMissing());
      }
    };
  }

  /** Plain Tink JSON keyset files: the sandbox only. */
  public static KeysetDirectory plain(KeysetLayout layout, Path directory, boolean createIfMissing) {
    requireDirectory(layout, directory);
    TinkRegistration.ensure();
    return new KeysetDirectory(layout, directory, new PlainKeysetFormat(layout), createIfMissing);
  }

  /**
   * Keyset files encrypted under the KMS master key {@code keyUri}; the KMS is asked for it here,
   * once.
   *
   * @param keyUri e.g. {@code hcvault://vault.example:8200/transit/keys/idnet-identity} (Vault or
   *     OpenBao transit, built in), or a key of another KMS whose Tink extension is on the class path
   * @param kms a client that supports {@code keyUri}, with its credentials (see {@link #kmsClientFor})
   */
  public static KeysetDirectory kms(KeysetLayout layout, Path directory, String keyUri, KmsClient kms,
      boolean createIfMissing) {
    requireDirectory(layout, directory);
    TinkRegistration.ensure();
    return new KeysetDirectory(layout, directory, KmsKeysetFormat.connect(layout, keyUri, kms), createIfMissing);
  }

  /**
   * The KMS client for {@code keyUri}: one registered with {@link KmsClients#add}; else, for an
   * {@code hcvault://} key, the Vault transit client with {@code vault}'s login (its settings named
   * {@code <layout prefix>.vault.*} in messages); else one of the Tink KMS extensions on the class
   * path (found by {@link java.util.ServiceLoader}) with the platform's default credentials. Null if
   * none. Nothing is asked of the KMS here.
   *
   * @throws IllegalStateException naming the setting when a Vault key's login is not configured
   */
  public static KmsClient kmsClientFor(KeysetLayout layout, String keyUri, VaultSettings vault) {
    if (keyUri == null || keyUri.isBlank()) {
      return null;
    }
    try {
      return KmsClients.get(keyUri);
    } catch (GeneralSecurityException notRegistered) {
      if (VaultTransitKmsClient.handles(keyUri)) {
        return VaultTransitKmsClient.create(keyUri, vault, layout.property("vault"));
      }
      try {
        return KmsClients.getAutoLoaded(keyUri).withDefaultCredentials();
      } catch (GeneralSecurityException notOnClassPath) {
        return null;
      }
    }
  }

  /**
   * Every keyset of the layout, in its order, each checked to hold only keys of its kind. The
   * first problem stops the load with a message naming the file and the setting to fix.
   */
  public Map<KeysetSpec, KeysetHandle> load() {
    Map<KeysetSpec, KeysetHandle> loaded = new LinkedHashMap<>();
    for (KeysetSpec spec : layout.keysets()) {
      loaded.put(spec, load(spec));
    }
    return Collections.unmodifiableMap(loaded);
  }

  /**
   * Writes {@code handle} over the file of {@code spec}, atomically and in this directory's format
   * (encrypted under the KMS key with the same associated data, or plain): for the operator's
   * rotations ({@code bin/idnet-keysets add-key}, {@code promote}), on a copy of the directory that
   * then goes to the secret store. A handle holding a key of another kind is refused.
   */
  public void replace(KeysetSpec spec, KeysetHandle handle) {
    if (!layout.keysets().contains(spec)) {
      throw new IllegalArgumentException(spec.fileName() + " is not a keyset of " + layout.service());
    }
    Path file = directory.resolve(spec.fileName());
    spec.checked(handle, layout.describe(file));
    KeysetFiles.write(file, format.serialize(handle, spec), KeysetFiles.OWNER_ONLY, layout.describe(file));
  }

  private KeysetHandle load(KeysetSpec spec) {
    Path file = directory.resolve(spec.fileName());
    if (!Files.exists(file)) {
      if (!createIfMissing) {
        throw new IllegalStateException(layout.describe(file) + " does not exist. " + format.missingAdvice());
      }
      generate(spec, file);
    }
    return spec.checked(format.parse(KeysetFiles.read(file, layout.describe(file)), spec, file),
        layout.describe(file));
  }

  private void generate(KeysetSpec spec, Path file) {
    KeysetHandle fresh;
    try {
      fresh = KeysetHandle.generateNew(spec.template());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate " + layout.service() + " keyset " + spec.fileName(), e);
    }
    KeysetFiles.write(file, format.serialize(fresh, spec), KeysetFiles.OWNER_ONLY, layout.describe(file));
    format.generated(file);
  }

  private static void requireDirectory(KeysetLayout layout, Path directory) {
    if (directory == null || directory.toString().isBlank()) {
      throw new IllegalStateException(layout.property("directory") + " is not set: it must name the directory of the "
          + layout.allFiles() + " keysets");
    }
  }
}
