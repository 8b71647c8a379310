package org.idnet.gateway.limits;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The address a request comes from, for the limits that count per address. The socket's peer,
 * unless that peer is one of the trusted proxies ({@code idnet.gateway.trusted-proxies}, CIDRs; the
 * ingress pods): then {@code X-Forwarded-For}, read from the right (each proxy appends the address it
 * was called from), skipping trusted addresses, and the first one that is not trusted is the client.
 * Anything left of it was written by the client and is never believed, so a client cannot choose
 * its own bucket; and from an untrusted peer the header is ignored altogether. An entry that is not
 * an IP literal ends the walk at the last trusted hop (no name is ever resolved).
 */
public final class ClientAddress {

  static final String HEADER = "X-Forwarded-For";
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

  private final List<Range> trusted;

  /** @param trustedProxies CIDRs (or single addresses) of the proxies in front; empty: the socket's peer always */
  public ClientAddress(List<String> trustedProxies) {
    List<Range> ranges = new ArrayList<>();
    for (String cidr : trustedProxies) {
      ranges.add(Range.parse(cidr.trim()));
    }
    this.trusted = List.copyOf(ranges);
  }

  /** Null when the request has no socket address. */
  public InetAddress of(ServerHttpRequest request) {
    InetSocketAddress remote = request.getRemoteAddress();
    if (remote == null || remote.getAddress() == null) {
      return null;
    }
    InetAddress hop = remote.getAddress();
    if (!trusted(hop)) {
      return hop;
    }
    List<String> entries = new ArrayList<>();
    for (String header : request.getHeaders().getOrEmpty(HEADER)) {
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

    static Range parse(String cidr) {
      int slash = cidr.indexOf('/');
      InetAddress address = literal(slash < 0 ? cidr : cidr.substring(0, slash));
      if (address == null) {
        throw bad(cidr);
      }
      int bits = address.getAddress().length * 8;
      int prefix;
      try {
        prefix = slash < 0 ? bits : Integer.parseInt(cidr.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw bad(cidr);
      }
      if (prefix < 0 || prefix > bits) {
        throw bad(cidr);
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

    private static IllegalArgumentException bad(String cidr) {
      return new IllegalArgumentException("idnet.gateway.trusted-proxies: " + cidr + " is not an address or CIDR range");
    }
  }

  /** An IPv4 or IPv6 literal (brackets allowed), else null: getByName is never given a name to look up. */
  static InetAddress literal(String text) {
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
