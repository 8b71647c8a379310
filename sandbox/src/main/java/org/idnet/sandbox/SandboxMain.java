package org.idnet.sandbox;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the sandbox ({@code bin/sandbox}), prints the walkthrough and runs until Ctrl-C, which
 * stops every process it started.
 */
public final class SandboxMain {

  private SandboxMain() {
  }

  public static void main(String[] args) throws Exception {
    Path home = Path.of(System.getProperty("idnet.home", ".")).toAbsolutePath().normalize();
    SandboxSettings.IssuerKind issuer = SandboxSettings.IssuerKind.LIGHT;
    for (String arg : args) {
      if (arg.equals("--keycloak")) {
        issuer = SandboxSettings.IssuerKind.KEYCLOAK;
      } else {
        System.err.println("usage: bin/sandbox [--keycloak]   (unknown argument: " + arg + ")");
        System.exit(2);
      }
    }
    SandboxSettings settings = SandboxSettings.fromEnvironment(home, issuer);
    long begin = System.nanoTime();
    System.out.println("idnet sandbox: starting on " + (issuer == SandboxSettings.IssuerKind.KEYCLOAK
        ? "Keycloak" : "the light issuer") + " (data in " + settings.data() + ", logs in " + settings.data().resolve("logs") + ")");
    SandboxNetwork network = SandboxNetwork.start(settings);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("\nidnet sandbox: stopping every process it started...");
      network.close();
      stopped.countDown();
    }, "sandbox-shutdown"));
    long seconds = Math.round((System.nanoTime() - begin) / 1e9);
    System.out.println("idnet sandbox: ready in " + seconds + " s");
    System.out.println(Walkthrough.text(network.gatewayUrl(), network.issuerUrl(),
        network.settings().webhookReceiverPort(), network.samplePlatformUrl(), network.webUrl(),
        issuer == SandboxSettings.IssuerKind.KEYCLOAK));
    stopped.await();
  }
}
