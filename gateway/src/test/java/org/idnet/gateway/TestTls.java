package org.idnet.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.idnet.tls.MutualTls;
import org.idnet.tls.TlsDirectory;
import org.idnet.tls.dev.DevelopmentCa;

/**
 * The certificates of the gateway tests, from one test CA: the gateway's own (its
 * {@code idnet.tls.directory}) and the fake backends', so every test talks mutual TLS as
 * production does.
 */
public final class TestTls {

  public static final Path ROOT = create();
  private static final Map<String, MutualTls> LOADED = new ConcurrentHashMap<>();

  private TestTls() {
  }

  /** The directory of {@code service}'s files. */
  public static Path directory(String service) {
    return ROOT.resolve(service);
  }

  /** {@code service}'s credentials, loaded once for the JVM. */
  public static MutualTls of(String service) {
    return LOADED.computeIfAbsent(service, s -> MutualTls.load(TlsDirectory.require(directory(s)), Duration.ofMinutes(1)));
  }

  private static Path create() {
    try {
      Path root = Files.createTempDirectory("gateway-test-tls");
      DevelopmentCa ca = DevelopmentCa.create("gateway test CA", Duration.ofDays(1));
      for (String service : new String[] {"gateway", "phone-otp-service", "identity-service", "disclosure-service"}) {
        ca.issueTo(root, service);
      }
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
