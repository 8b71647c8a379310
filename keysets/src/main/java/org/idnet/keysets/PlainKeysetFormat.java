package org.idnet.keysets;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plain Tink JSON keysets: the sandbox. Anyone who reads the file holds the keys, so a generated
 * keyset marks its directory as holding development keys and says so in the log.
 */
final class PlainKeysetFormat implements KeysetFormat {

  private static final Logger log = LoggerFactory.getLogger(PlainKeysetFormat.class);

  private final KeysetLayout layout;

  PlainKeysetFormat(KeysetLayout layout) {
    this.layout = layout;
  }

  @Override
  public KeysetHandle parse(String content, KeysetSpec spec, Path file) {
    try {
      return TinkJsonProtoKeysetFormat.parseKeyset(content, InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(layout.describe(file) + " is not a valid Tink JSON keyset", e);
    }
  }

  @Override
  public String serialize(KeysetHandle handle, KeysetSpec spec) {
    try {
      return TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot serialize " + layout.service() + " keyset " + spec.fileName(), e);
    }
  }

  @Override
  public String missingAdvice() {
    return "Provide the Tink JSON keysets " + layout.allFiles() + " in " + layout.property("directory")
        + "; only a sandbox may set " + layout.property("create-if-missing") + "=true to generate development keys";
  }

  @Override
  public void generated(Path file) {
    Path marker = file.toAbsolutePath().getParent().resolve(KeysetDirectory.SANDBOX_MARKER);
    try {
      Files.writeString(marker, """
          The keysets in this directory were generated unencrypted for %s-service
          (by the service with %s=true and the file provider, or by
          bin/idnet-keysets generate without a KMS key): SANDBOX DEVELOPMENT KEYS.
          They protect only sandbox data. Never use them, or this setting, in production.
          """.formatted(layout.service(), "idnet." + layout.service() + ".keys.create-if-missing"),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + marker.toAbsolutePath(), e);
    }
    log.warn("generated SANDBOX DEVELOPMENT keyset {} ({}=true); never use it in production", file.toAbsolutePath(),
        layout.property("create-if-missing"));
  }
}
