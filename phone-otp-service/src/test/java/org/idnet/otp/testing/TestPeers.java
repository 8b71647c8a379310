package org.idnet.otp.testing;

import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.util.Optional;
import org.idnet.caller.Caller;
import org.idnet.caller.CallerMetadata;
import org.idnet.caller.Peer;
import org.idnet.caller.PeerResolver;

/**
 * In-process calls have no TLS session: here the peer travels in a test-only header. The real
 * mutual-TLS sessions are tested over TCP ({@code OtpServiceApplicationTest}, internal-tls).
 */
public final class TestPeers {

  private static final Metadata.Key<String> PEER = Metadata.Key.of("x-test-peer", Metadata.ASCII_STRING_MARSHALLER);

  /** The in-process stand-in for {@link PeerResolver#mutualTls()}. */
  public static final PeerResolver RESOLVER = (call, headers) -> Optional.ofNullable(headers.get(PEER)).map(Peer::new);

  private TestPeers() {
  }

  /** Calls from {@code service}, which sends no caller. */
  public static ClientInterceptor as(String service) {
    Metadata headers = new Metadata();
    headers.put(PEER, service);
    return MetadataUtils.newAttachHeadersInterceptor(headers);
  }

  /** Calls from the gateway, stating {@code caller}. */
  public static ClientInterceptor gateway(Caller caller) {
    Metadata headers = CallerMetadata.of(caller);
    headers.put(PEER, Peer.GATEWAY);
    return MetadataUtils.newAttachHeadersInterceptor(headers);
  }
}
