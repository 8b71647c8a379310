package org.idnet.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.idnet.tls.dev.DevelopmentCa;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The sandbox as a network: its gRPC ports speak only TLS 1.3 with a client certificate of its
 * CA, and nothing but the gateway's public port is reachable from another address of the machine.
 */
class MutualTlsEndToEndTest {

  private static final byte[] HTTP2_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private static List<Integer> grpcPorts(SandboxSettings s) {
    return List.of(s.otpGrpcPort(), s.identityGrpcPort(), s.disclosureGrpcPort());
  }

  @Test
  void grpcPortsAnswerTls13WithTheirOwnCertificateToTheGatewaysAndNothingInPlaintext() throws Exception {
    SandboxNetwork network = SharedNetwork.get();
    SSLContext gateway = context(network.tlsDirectory("gateway"), true);
    List<String> services = List.of("phone-otp-service", "identity-service", "disclosure-service");
    for (int i = 0; i < services.size(); i++) {
      int port = grpcPorts(network.settings()).get(i);
      try (SSLSocket socket = (SSLSocket) gateway.getSocketFactory().createSocket("127.0.0.1", port)) {
        javax.net.ssl.SSLParameters parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {"h2"});
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
        X509Certificate server = (X509Certificate) socket.getSession().getPeerCertificates()[0];
        assertThat(server.getSubjectAlternativeNames()).contains(List.of(6, "spiffe://idnet/" + services.get(i)));
      }
      assertThat(answersHttp2InPlaintext(port)).as("plaintext HTTP/2 on " + services.get(i)).isFalse();
    }
  }

  @Test
  void grpcPortRefusesAClientWithoutCertificate() throws Exception {
    SandboxNetwork network = SharedNetwork.get();
    SSLContext anonymous = context(network.tlsDirectory("gateway"), false);
    try (SSLSocket socket = (SSLSocket) anonymous.getSocketFactory()
        .createSocket("127.0.0.1", network.settings().identityGrpcPort())) {
      socket.setSoTimeout(5000);
      // TLS 1.3: the server's refusal of a missing certificate arrives after the client's handshake.
      assertThatThrownBy(() -> {
        socket.startHandshake();
        socket.getOutputStream().write(HTTP2_PREFACE);
        socket.getOutputStream().flush();
        if (socket.getInputStream().read() < 0) {
          throw new IOException("closed");
        }
      }).isInstanceOf(IOException.class);
    }
  }

  @Test
  void grpcAndManagementPortsListenOnLoopbackOnly() throws Exception {
    Optional<InetAddress> outside = nonLoopbackAddress();
    Assumptions.assumeTrue(outside.isPresent(), "this machine has no address but loopback");
    SandboxSettings s = SharedNetwork.get().settings();
    // The public port answers on that address: the check below can tell a refused port.
    try (Socket reachable = new Socket()) {
      reachable.connect(new InetSocketAddress(outside.get(), s.gatewayPort()), 2000);
    }
    for (int port : List.of(s.otpGrpcPort(), s.identityGrpcPort(), s.disclosureGrpcPort(), s.otpHttpPort(),
        s.identityHttpPort(), s.disclosureHttpPort(), s.gatewayManagementPort())) {
      assertThatThrownBy(() -> {
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress(outside.get(), port), 2000);
        }
      }).as("port " + port + " on " + outside.get()).isInstanceOf(ConnectException.class);
    }
  }

  /** Whether a plaintext HTTP/2 client gets an HTTP/2 SETTINGS frame back (a gRPC server without TLS would). */
  private static boolean answersHttp2InPlaintext(int port) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(3000);
      socket.getOutputStream().write(HTTP2_PREFACE);
      socket.getOutputStream().write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});
      socket.getOutputStream().flush();
      byte[] head = socket.getInputStream().readNBytes(9);
      return head.length == 9 && head[3] == 4;
    } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
      return false;
    }
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
    for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
      if (nic.isUp() && !nic.isLoopback()) {
        for (InetAddress address : nic.inetAddresses().toList()) {
          if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
            return Optional.of(address);
          }
        }
      }
    }
    return Optional.empty();
  }

  /** A JDK TLS client trusting the sandbox CA, with {@code tls}'s certificate when {@code withKey}. */
  private static SSLContext context(Path tls, boolean withKey) throws Exception {
    X509Certificate ca = DevelopmentCa.readCertificate(tls.resolve("ca.crt"));
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = null;
    if (withKey) {
      String pem = Files.readString(tls.resolve("tls.key")).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      var key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("me", key, new char[0],
          new Certificate[] {DevelopmentCa.readCertificate(tls.resolve("tls.crt")), ca});
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, new char[0]);
    }
    SSLContext context = SSLContext.getInstance("TLSv1.3");
    context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return context;
  }
}
