package org.idnet.web.security;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The browser's address: the connection's peer, or, when that peer is a trusted proxy (the edge),
 * the right-most address of {@code X-Forwarded-For} that is not itself a trusted proxy. A header
 * from anyone else is ignored, so a client cannot choose its own counter.
 */
public final class ClientAddress {

  private final Set<String> trustedProxies;

  public ClientAddress(List<String> trustedProxies) {
    this.trustedProxies = Set.copyOf(trustedProxies);
  }

  public String of(ServerHttpRequest request) {
    InetSocketAddress remote = request.getRemoteAddress();
    String peer = remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
    if (!trustedProxies.contains(peer)) {
      return peer;
    }
    List<String> forwarded = request.getHeaders().getOrEmpty("X-Forwarded-For");
    String[] hops = String.join(",", forwarded).split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
        return hop;
      }
    }
    return peer;
  }
}
