package org.idnet.k8s;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IP range as a NetworkPolicy's ipBlock writes it ({@code 10.0.0.0/8}, {@code fc00::/7}), or one
 * address. An IPv6 literal stays IPv6 ({@code ::ffff:10.0.0.1} is the IPv4-mapped address, not
 * 10.0.0.1), as the kernel sees an IPv6 packet's destination.
 */
record Cidr(String text, boolean ipv6, BigInteger first, int prefix) {

  static Cidr parse(String text) {
    String t = text.strip();
    int slash = t.indexOf('/');
    String address = slash < 0 ? t : t.substring(0, slash);
    boolean v6 = address.contains(":");
    byte[] bytes = bytes(address, v6);
    int bits = bytes.length * 8;
    int prefix = slash < 0 ? bits : Integer.parseInt(t.substring(slash + 1));
    if (prefix < 0 || prefix > bits) {
      throw new IllegalArgumentException(text + ": prefix out of range");
    }
    BigInteger value = new BigInteger(1, bytes);
    BigInteger first = value.shiftRight(bits - prefix).shiftLeft(bits - prefix);
    if (!first.equals(value)) {
      throw new IllegalArgumentException(text + ": host bits set (Kubernetes refuses such a range)");
    }
    return new Cidr(t, v6, first, prefix);
  }

  /** Only literals: never a name lookup. */
  private static byte[] bytes(String literal, boolean v6) {
    if (!literal.matches("[0-9a-fA-F:.]+")) {
      throw new IllegalArgumentException(literal + " is not an IP literal");
    }
    try {
      byte[] b = InetAddress.getByName(literal).getAddress();
      if (v6 && b.length == 4) { // Java returns IPv4-mapped IPv6 literals as Inet4Address
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(b, 0, mapped, 12, 4);
        return mapped;
      }
      if (!v6 && !(InetAddress.getByName(literal) instanceof Inet4Address)) {
        throw new IllegalArgumentException(literal + " is not IPv4");
      }
      return b;
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }

  private int bits() {
    return ipv6 ? 128 : 32;
  }

  /** Whether every address of {@code other} is in this range (same family only). */
  boolean contains(Cidr other) {
    if (other.ipv6 != ipv6 || other.prefix < prefix) {
      return false;
    }
    return other.first.shiftRight(bits() - prefix).equals(first.shiftRight(bits() - prefix));
  }

  boolean contains(String address) {
    return contains(parse(address));
  }
}
