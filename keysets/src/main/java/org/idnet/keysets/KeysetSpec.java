package org.idnet.keysets;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One keyset of a service: its file name in the keyset directory, the kind of key it may hold,
 * and the parameters a newly generated one gets.
 *
 * @param fileName a plain file name, e.g. {@code aead-keyset.json}
 * @param template what a new keyset is made of, e.g. {@code PredefinedAeadParameters.AES256_GCM}
 * @param kind the only kind of key the keyset may hold, e.g. {@code AeadParameters.class}: an
 *     AEAD key put where a PRF belongs is refused, so no key is ever used in a role it was not
 *     made for
 */
public record KeysetSpec(String fileName, Parameters template, Class<? extends Parameters> kind) {

  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  public KeysetSpec {
    if (fileName == null || !FILE_NAME.matcher(fileName).matches()) {
      throw new IllegalArgumentException("a keyset file name is a plain file name, not " + fileName);
    }
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(kind, "kind");
    if (!kind.isInstance(template)) {
      throw new IllegalArgumentException("the template of " + fileName + " is not a " + kind.getSimpleName());
    }
  }

  /**
   * The handle itself if every key in it is of this spec's kind.
   *
   * @param described how messages name the keyset, e.g. {@code identity keyset /keys/aead-keyset.json}
   */
  public KeysetHandle checked(KeysetHandle handle, String described) {
    return checked(handle, kind, described);
  }

  static KeysetHandle checked(KeysetHandle handle, Class<? extends Parameters> kind, String described) {
    for (int i = 0; i < handle.size(); i++) {
      if (!kind.isInstance(handle.getAt(i).getKey().getParameters())) {
        throw new IllegalStateException(described + " holds a key of the wrong kind: expected "
            + kind.getSimpleName() + " keys only");
      }
    }
    return handle;
  }
}
