package org.idnet.disclosure;

import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.idnet.caller.Caller;
import org.idnet.caller.CallerMetadata;
import org.idnet.caller.Peer;
import org.idnet.caller.PeerResolver;
import org.idnet.tls.dev.DevelopmentCa;

/**
 * In-process calls have no TLS session: there the peer travels in a test-only header. The real
 * mutual-TLS sessions are tested over TCP ({@code DisclosureServiceApplicationTest}, internal-tls).
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

  /** Calls from the gateway, stating {@code caller} (none when null: a public call). */
  public static ClientInterceptor gateway(Caller caller) {
    Metadata headers = caller == null ? new Metadata() : CallerMetadata.of(caller);
    headers.put(PEER, Peer.GATEWAY);
    return MetadataUtils.newAttachHeadersInterceptor(headers);
  }

  /** A temporary directory with a test CA's certificates for {@code services}, one folder each. */
  public static Path certificates(String... services) {
    try {
      Path root = Files.createTempDirectory("disclosure-test-tls");
      DevelopmentCa ca = DevelopmentCa.create("disclosure test CA", Duration.ofDays(1));
      for (String service : services) {
        ca.issueTo(root, service);
      }
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
