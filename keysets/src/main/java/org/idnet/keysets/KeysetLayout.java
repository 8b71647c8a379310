package org.idnet.keysets;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A service's keyset directory: which keysets it holds, and whose they are.
 *
 * @param service the owning service, e.g. {@code identity}: it names the keysets in messages and
 *     is part of the associated data of every KMS-encrypted keyset ({@link #associatedData}), so
 *     renaming it makes existing encrypted keysets unreadable
 * @param propertyPrefix where the service configures its keys, e.g. {@code idnet.identity.keys}:
 *     every message names the exact setting to fix ({@code <prefix>.directory}, ...)
 * @param keysets the keysets, loaded in this order
 */
public record KeysetLayout(String service, String propertyPrefix, List<KeysetSpec> keysets) {

  private static final Pattern SERVICE = Pattern.compile("[a-z][a-z0-9-]{0,62}");

  public KeysetLayout {
    if (service == null || !SERVICE.matcher(service).matches()) {
      throw new IllegalArgumentException("a service name is lower-case letters, digits and dashes, not " + service);
    }
    Objects.requireNonNull(propertyPrefix, "propertyPrefix");
    keysets = List.copyOf(keysets);
    if (keysets.isEmpty() || keysets.stream().map(KeysetSpec::fileName).distinct().count() != keysets.size()) {
      throw new IllegalArgumentException("a layout names at least one keyset, each under its own file name");
    }
  }

  /**
   * Associated data of the encrypted keyset {@code spec}: {@code idnet-<service>|<file name>}. A
   * keyset file copied over another one, of the same or of another service, does not decrypt.
   */
  public byte[] associatedData(KeysetSpec spec) {
    return ("idnet-" + service + "|" + spec.fileName()).getBytes(StandardCharsets.UTF_8);
  }

  /** The file names for messages: {@code a.json, b.json and c.json}. */
  String allFiles() {
    List<String> names = keysets.stream().map(KeysetSpec::fileName).toList();
    return names.size() == 1 ? names.getFirst()
        : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.getLast();
  }

  /** How messages name a keyset file: {@code identity keyset /abs/path/aead-keyset.json}. */
  String describe(Path file) {
    return service + " keyset " + file.toAbsolutePath();
  }

  String property(String name) {
    return propertyPrefix + "." + name;
  }
}
