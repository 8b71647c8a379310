package org.idnet.audit.verifier;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A SHA-256 value of the chain (an entry's hash, its predecessor's, a checkpoint's root). Compared
 * by content, printed as lowercase hex as the API and the exports carry it.
 */
public record Hash(byte[] bytes) {

  public static final int LENGTH = 32;

  /** The predecessor of entry 1, and the root of an empty log. */
  public static final Hash ZERO = new Hash(new byte[LENGTH]);

  private static final HexFormat HEX = HexFormat.of();

  public Hash {
    if (bytes == null || bytes.length != LENGTH) {
      throw new IllegalArgumentException("a hash has " + LENGTH + " bytes, not "
          + (bytes == null ? "none" : bytes.length));
    }
    bytes = bytes.clone();
  }

  /** Parses 64 hex digits (either case); anything else is refused with a message naming the problem. */
  public static Hash ofHex(String hex) {
    if (hex == null || hex.length() != 2 * LENGTH) {
      throw new IllegalArgumentException("a hash is " + 2 * LENGTH + " hex digits, not "
          + (hex == null ? "none" : hex.length()));
    }
    try {
      return new Hash(HEX.parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a hash is hex digits only", e);
    }
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  public String hex() {
    return HEX.formatHex(bytes);
  }

  @Override
  public boolean equals(Object other) {
    // Constant time: cheap here, and it keeps the habit wherever digests are compared.
    return other instanceof Hash h && MessageDigest.isEqual(bytes, h.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
