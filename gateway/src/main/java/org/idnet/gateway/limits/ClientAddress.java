package org.idnet.gateway.limits;

import java.net.InetAddress;
import java.util.List;
import org.idnet.headers.ForwardedFor;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The address a request comes from, for the limits that count per address: the socket's peer, or
 * behind a trusted proxy ({@code idnet.gateway.trusted-proxies}, CIDRs; the ingress pods) the
 * right-most untrusted address of {@code X-Forwarded-For} ({@link ForwardedFor}, shared with the web).
 */
public final class ClientAddress {

  private final ForwardedFor forwardedFor;

  /** @param trustedProxies CIDRs (or single addresses) of the proxies in front; empty: the socket's peer always */
  public ClientAddress(List<String> trustedProxies) {
    this.forwardedFor = new ForwardedFor("idnet.gateway.trusted-proxies", trustedProxies);
  }

  /** Null when the request has no socket address. */
  public InetAddress of(ServerHttpRequest request) {
    return forwardedFor.client(request.getRemoteAddress(), request.getHeaders().getOrEmpty(ForwardedFor.HEADER));
  }
}
