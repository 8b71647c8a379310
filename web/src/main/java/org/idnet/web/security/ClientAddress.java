package org.idnet.web.security;

import java.net.InetAddress;
import java.util.List;
import org.idnet.headers.ForwardedFor;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The browser's address: the connection's peer, or, behind a trusted proxy
 * ({@code idnet.web.trusted-proxies}, CIDRs: the edge, the same list as the gateway's), the
 * right-most address of {@code X-Forwarded-For} that is not itself trusted ({@link ForwardedFor},
 * shared with the gateway). A header from anyone else is ignored, so a client cannot choose its own
 * counter.
 */
public final class ClientAddress {

  private final ForwardedFor forwardedFor;

  public ClientAddress(List<String> trustedProxies) {
    this.forwardedFor = new ForwardedFor("idnet.web.trusted-proxies", trustedProxies);
  }

  public String of(ServerHttpRequest request) {
    InetAddress client = forwardedFor.client(request.getRemoteAddress(),
        request.getHeaders().getOrEmpty(ForwardedFor.HEADER));
    return client == null ? "unknown" : client.getHostAddress();
  }
}
