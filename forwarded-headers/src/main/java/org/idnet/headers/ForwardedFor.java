package org.idnet.headers;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The address an HTTP request comes from, for the limits that count per address (the gateway's
 * and the web's). The socket's peer, unless that peer is one of the trusted proxies (CIDRs; the
 * ingress pods): then {@code X-Forwarded-For}, read from the right (each proxy appends the address it
 * was called from), skipping trusted addresses, and the first one that is not trusted is the client.
 * Anything left of it was written by the client and is never believed, so a client cannot choose
 * its own bucket; and from an untrusted peer the header is ignored altogether. An entry that is not
 * an IP literal ends the walk at the last trusted hop (no name is ever resolved).
 */
public final class ForwardedFor {

  /** The header's name. */
  public static final String HEADER = "X-Forwarded-For";
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

  private final List<Range> trusted;

  /**
   * @param setting the setting's name, for the error on a bad entry
   * @param trustedProxies CIDRs (or single addresses) of the proxies in front; empty: the socket's peer always
   */
  public ForwardedFor(String setting, List<String> trustedProxies) {
    List<Range> ranges = new ArrayList<>();
    for (String cidr : trustedProxies) {
      ranges.add(Range.parse(setting, cidr.trim()));
    }
    this.trusted = List.copyOf(ranges);
  }

  /**
   * The client's address; null when the request has no socket address.
   *
   * @param remote the connection's peer
   * @param headers every {@code X-Forwarded-For} value of the request, in order
   */
  public InetAddress client(InetSocketAddress remote, List<String> headers) {
    if (remote == null || remote.getAddress() == null) {
      return null;
    }
    InetAddress hop = remote.getAddress();
    if (!trusted(hop)) {
      return hop;
    }
    List<String> entries = new ArrayList<>();
    for (String header : headers) {
      for (String entry : header.split(",")) {
        entries.add(entry.trim());
      }
    }
    for (int i = entries.size() - 1; i >= 0; i--) {
      InetAddress forwarded = literal(entries.get(i));
      if (forwarded == null) {
        return hop;
      }
      hop = forwarded;
      if (!trusted(hop)) {
        return hop;
      }
    }
    return hop;
  }

  private boolean trusted(InetAddress address) {
    return trusted.stream().anyMatch(range -> range.contains(address));
  }

  /** A CIDR range (a bare address: all its bits). IPv4 and IPv6 never match each other. */
  private record Range(byte[] network, int prefix) {

    static Range parse(String setting, String cidr) {
      int slash = cidr.indexOf('/');
      InetAddress address = literal(slash < 0 ? cidr : cidr.substring(0, slash));
      if (address == null) {
        throw bad(setting, cidr);
      }
      int bits = address.getAddress().length * 8;
      int prefix;
      try {
        prefix = slash < 0 ? bits : Integer.parseInt(cidr.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw bad(setting, cidr);
      }
      if (prefix < 0 || prefix > bits) {
        throw bad(setting, cidr);
      }
      return new Range(address.getAddress(), prefix);
    }

    boolean contains(InetAddress address) {
      byte[] bytes = address.getAddress();
      if (bytes.length != network.length) {
        return false;
      }
      for (int bit = 0; bit < prefix; bit++) {
        int mask = 0x80 >>> (bit % 8);
        if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }

    private static IllegalArgumentException bad(String setting, String cidr) {
      return new IllegalArgumentException(setting + ": " + cidr + " is not an address or CIDR range");
    }
  }

  /** An IPv4 or IPv6 literal (brackets allowed), else null: getByName is never given a name to look up. */
  public static InetAddress literal(String text) {
    String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    boolean v4 = IPV4.matcher(bare).matches();
    if (!v4 && !(bare.contains(":") && IPV6.matcher(bare).matches())) {
      return null;
    }
    try {
      return InetAddress.getByName(v4 ? bare : "[" + bare + "]");
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
