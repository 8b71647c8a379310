package org.idnet.loopback;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * This machine's own addresses: the only place a secret (an API key, an admin password, a Redis
 * password) may go in clear text (plain http, redis://). Decided from the name as written, never by resolving it: a
 * name that resolves to 127.0.0.1 today can resolve elsewhere tomorrow. One rule for the services'
 * https-only URLs ({@code org.idnet.caller.urls.HttpsOnly}) and {@code bin/idnet-admin}.
 */
public final class Loopback {

  /** What an operator is told the rule allows. */
  public static final String HOSTS = "localhost, 127.0.0.0/8, ::1";
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

  private Loopback() {
  }

  /** {@code localhost}, an IPv4 literal in 127.0.0.0/8 or the IPv6 literal ::1 (bracketed or not). */
  public static boolean isLoopback(String host) {
    if (host == null || host.isEmpty()) {
      return false;
    }
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (bare.equalsIgnoreCase("localhost")) {
      return true;
    }
    Matcher ipv4 = IPV4.matcher(bare);
    if (ipv4.matches()) {
      for (int i = 1; i <= 4; i++) {
        if (Integer.parseInt(ipv4.group(i)) > 255) {
          return false;
        }
      }
      return Integer.parseInt(ipv4.group(1)) == 127;
    }
    if (bare.contains(":")) {
      try {
        // Brackets make getByName parse an IPv6 literal and never ask DNS.
        return InetAddress.getByName("[" + bare + "]").isLoopbackAddress();
      } catch (UnknownHostException notALiteral) {
        return false;
      }
    }
    return false;
  }
}
