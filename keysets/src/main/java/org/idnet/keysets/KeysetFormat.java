package org.idnet.keysets;

import com.google.crypto.tink.KeysetHandle;
import java.nio.file.Path;

/** How the keysets of a directory are stored: plain Tink JSON, or encrypted under a KMS key. */
interface KeysetFormat {

  /** The keyset in {@code content}; an {@link IllegalStateException} naming the file if it is not one. */
  KeysetHandle parse(String content, KeysetSpec spec, Path file);

  /** {@code handle} as file content. */
  String serialize(KeysetHandle handle, KeysetSpec spec);

  /** What the operator should do about a missing keyset file. */
  String missingAdvice();

  /** After a keyset was generated: mark and log it for what it is. */
  void generated(Path file);
}
