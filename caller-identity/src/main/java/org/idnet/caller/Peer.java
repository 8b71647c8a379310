package org.idnet.caller;

import io.grpc.Context;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The idnet process on the other end of a mutual-TLS connection, named by the SPIFFE id in its
 * certificate ({@code spiffe://idnet/<service>}, the one URI SAN). This, not anything in the call's
 * metadata, is the proof of which process calls: only the holder of that certificate's private key
 * can present it.
 */
public record Peer(String service) {

  /** The only peer that may state a {@link Caller} and call external methods. */
  public static final String GATEWAY = "gateway";
  /** idnet's services: a certificate naming anything else (even in idnet's trust domain) names no peer. */
  public static final Set<String> SERVICES = Set.of(GATEWAY, "phone-otp-service", "identity-service",
      "disclosure-service", "webhook-dispatcher");

  private static final String TRUST_DOMAIN_PREFIX = "spiffe://idnet/";

  static final Context.Key<Peer> CONTEXT_KEY = Context.key("idnet-peer");
  private static final Pattern SERVICE = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final int URI_NAME = 6;

  public Peer {
    if (service == null || !SERVICE.matcher(service).matches()) {
      throw new IllegalArgumentException("not an idnet service name: " + service);
    }
  }

  /** The peer of the gRPC call in progress; only valid inside a handler behind {@link CallerServerInterceptor}. */
  public static Peer current() {
    Peer peer = CONTEXT_KEY.get();
    if (peer == null) {
      throw new IllegalStateException("no peer in this gRPC context: is CallerServerInterceptor installed?");
    }
    return peer;
  }

  public boolean isGateway() {
    return GATEWAY.equals(service);
  }

  /**
   * The idnet peer a certificate names: its URI SANs must be exactly one (as SPIFFE's X.509-SVID
   * requires), and that exactly {@code spiffe://idnet/<service>} for one of {@link #SERVICES}.
   * Compared as the string the CA wrote, not parsed as a URI: a case, port, user info, path,
   * query or percent-encoding that a URI parser would accept or normalise names no peer.
   */
  public static Optional<Peer> of(X509Certificate certificate) {
    Collection<List<?>> names;
    try {
      names = certificate.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      return Optional.empty();
    }
    if (names == null) {
      return Optional.empty();
    }
    String uri = null;
    for (List<?> name : names) {
      if (name.size() >= 2 && Integer.valueOf(URI_NAME).equals(name.get(0))) {
        if (uri != null) {
          return Optional.empty();
        }
        uri = String.valueOf(name.get(1));
      }
    }
    if (uri == null || !uri.startsWith(TRUST_DOMAIN_PREFIX)) {
      return Optional.empty();
    }
    String service = uri.substring(TRUST_DOMAIN_PREFIX.length());
    return SERVICES.contains(service) ? Optional.of(new Peer(service)) : Optional.empty();
  }
}
