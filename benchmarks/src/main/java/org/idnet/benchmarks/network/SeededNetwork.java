package org.idnet.benchmarks.network;

import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.idnet.benchmarks.Progress;
import org.idnet.sandbox.SandboxNetwork;
import org.idnet.sandbox.SandboxSettings;
import org.idnet.tls.MutualTls;
import org.idnet.tls.TlsDirectory;

/**
 * The network as the benchmark and the soak measure it: started as the sandbox starts it
 * (temporary data, free ports, the service JVMs of {@code IDNET_SERVICE_JVM_OPTS}, the light issuer),
 * with {@code accounts} phone-bound accounts of {@link Seeder#PLATFORM} seeded.
 */
public final class SeededNetwork implements AutoCloseable {

  private final SandboxNetwork network;
  private final Path data;
  private final List<String> accounts;
  private final Tokens tokens;

  private SeededNetwork(SandboxNetwork network, Path data, List<String> accounts) {
    this.network = network;
    this.data = data;
    this.accounts = accounts;
    this.tokens = new Tokens(network.tokenEndpoint());
  }

  /** Starts the network with data in {@code data} and extra arguments per process, then seeds it. */
  public static SeededNetwork start(Path home, Path data, Map<String, List<String>> extraArguments, int accounts)
      throws Exception {
    Progress.say("starting the network (data in " + data + "; service JVM options: "
        + System.getenv().getOrDefault("IDNET_SERVICE_JVM_OPTS", "the sandbox's") + ")");
    long begin = System.nanoTime();
    SandboxSettings sandbox = SandboxSettings.onFreePorts(home, data, SandboxSettings.IssuerKind.LIGHT);
    SandboxNetwork network = SandboxNetwork.start(sandbox, extraArguments);
    try {
      Progress.say(String.format("network ready in %.0f s", (System.nanoTime() - begin) / 1e9));
      SeededNetwork seeded = new SeededNetwork(network, data, Seeder.accountIds(accounts));
      seeded.seed();
      return seeded;
    } catch (Exception | Error e) {
      network.close();
      throw e;
    }
  }

  /** Binds every account's phone as phone-otp-service would (a channel presenting its sandbox certificate). */
  private void seed() throws InterruptedException {
    long begin = System.nanoTime();
    try (MutualTls asOtp = tls("phone-otp-service")) {
      ManagedChannel channel = asOtp.channel("127.0.0.1:" + network.settings().identityGrpcPort(), "identity-service").build();
      try {
        Seeder.bindPhones(channel, accounts);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
    Progress.say(String.format("seeded %d phone-bound accounts by BindPhone in %.1f s", accounts.size(),
        (System.nanoTime() - begin) / 1e9));
  }

  public SandboxNetwork network() {
    return network;
  }

  public Path data() {
    return data;
  }

  public List<String> accounts() {
    return accounts;
  }

  public Tokens tokens() {
    return tokens;
  }

  /** Mutual TLS as one of the network's processes ({@code gateway}, {@code phone-otp-service}, ...). */
  public MutualTls tls(String process) {
    return MutualTls.load(TlsDirectory.require(network.tlsDirectory(process)), Duration.ofMinutes(1));
  }

  @Override
  public void close() {
    network.close();
  }

  /** Copies the processes' logs of {@code data} to {@code results/logs}, then deletes {@code data}. */
  public static void keepLogsAndDelete(Path data, Path results) throws IOException {
    Path logs = data.resolve("logs");
    if (Files.isDirectory(logs)) {
      Files.createDirectories(results.resolve("logs"));
      try (var files = Files.list(logs)) {
        for (Path log : files.toList()) {
          Files.copy(log, results.resolve("logs").resolve(log.getFileName()));
        }
      }
    }
    if (!Files.exists(data)) {
      return;
    }
    try (var paths = Files.walk(data)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
