package org.idnet.caller;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** Finds the {@link Peer} of a call. Production reads it from the mutual-TLS session alone. */
@FunctionalInterface
public interface PeerResolver {

  Optional<Peer> peer(ServerCall<?, ?> call, Metadata headers);

  /**
   * The peer named by the client certificate of the call's TLS session. The name is kept in the
   * session, which lives as long as the connection, so a connection's calls parse the certificate
   * once (the hot reads must not pay for it per call).
   */
  static PeerResolver mutualTls() {
    return (call, headers) -> {
      SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
      if (session == null) {
        return Optional.empty();
      }
      Object known = session.getValue(SessionPeer.KEY);
      if (known instanceof SessionPeer cached) {
        return cached.peer();
      }
      Optional<Peer> peer = fromSession(session);
      try {
        session.putValue(SessionPeer.KEY, new SessionPeer(peer));
      } catch (UnsupportedOperationException | IllegalArgumentException e) {
        // a session that keeps no values: the certificate is parsed again on the next call
      }
      return peer;
    };
  }

  private static Optional<Peer> fromSession(SSLSession session) {
    try {
      Certificate[] chain = session.getPeerCertificates();
      if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
        return Optional.empty();
      }
      return Peer.of(leaf);
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty();
    }
  }

  /** The value kept in the session (a record, so a failed look-up is remembered too). */
  record SessionPeer(Optional<Peer> peer) {
    static final String KEY = "org.idnet.caller.peer";
  }
}
