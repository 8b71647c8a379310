package org.idnet.proto;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A contract message's deterministic serialization (map entries in key order): the bytes a grant
 * is signed over, a filed request's digest and an Idempotency-Key's body fingerprint are taken of,
 * so the same message always gives the same bytes, however it was built or its JSON looked.
 */
public final class DeterministicBytes {

  private DeterministicBytes() {
  }

  public static byte[] of(MessageLite message) {
    byte[] bytes = new byte[message.getSerializedSize()];
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.useDeterministicSerialization();
    try {
      message.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.checkNoSpaceLeft();
    return bytes;
  }

  /** SHA-256 of {@link #of}. */
  public static byte[] sha256(MessageLite message) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(of(message));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
