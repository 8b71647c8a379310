package org.idnet.stores;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.idnet.tls.dev.DevelopmentCa;

/**
 * Redis as production runs it, on this machine: a master, a replica and Sentinels watching them
 * under the master name {@value #MASTER_NAME}, every one behind the same password and, with
 * {@link Tls}, serving TLS only (no plaintext port; replication and Sentinel's own links over TLS
 * too). The redis-server binary is the one of embedded-redis's Maven artifact (Redis 6.2 with TLS
 * and Sentinel built in), so nothing needs installing. A test kills the master as a crash would and
 * waits for Sentinel to promote the replica ({@link #killMaster()}, {@link #awaitFailover}).
 */
public final class LocalSentinel implements AutoCloseable {

  public static final String MASTER_NAME = "idnet";
  private static final String HOST = "127.0.0.1";
  private static final Pattern PLAIN_PASSWORD = Pattern.compile("[A-Za-z0-9._~-]{1,128}");
  private static final Duration START = Duration.ofSeconds(15);

  /** The PEM files every node serves TLS with: its certificate (chain first), its PKCS#8 key, the CA. */
  public record Tls(Path certificate, Path key, Path ca) {

    /**
     * A new development CA (dev-certificates) and a certificate it issues for Redis, valid a day for
     * {@code localhost} and {@code 127.0.0.1}, written to a new temporary directory.
     */
    public static Tls fromNewCa(String caName) {
      try {
        Path directory = DevelopmentCa.create(caName, Duration.ofDays(1))
            .issueForUri("spiffe://idnet/redis", Duration.ofDays(1))
            .writeTo(Files.createTempDirectory("idnet-redis-tls"));
        return new Tls(directory.resolve(DevelopmentCa.CERTIFICATE), directory.resolve(DevelopmentCa.KEY),
            directory.resolve(DevelopmentCa.CA));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private final Path directory;
  private final String password;
  private final Tls tls;
  private final boolean sentinelsNeedPassword;
  private final String dataHost;
  private final List<RedisProcess> nodes = new ArrayList<>();
  private final List<RedisProcess> sentinels = new ArrayList<>();
  private final RedisClient client;
  private boolean closed;

  private LocalSentinel(Path directory, Builder settings) {
    this.directory = directory;
    this.password = settings.password;
    this.tls = settings.tls;
    this.sentinelsNeedPassword = settings.sentinelsNeedPassword;
    this.dataHost = settings.dataHost;
    this.client = RedisClient.create();
    if (tls != null) {
      client.setOptions(ClientOptions.builder()
          .sslOptions(SslOptions.builder().jdkSslProvider().trustManager(tls.ca().toFile()).build()).build());
    }
  }

  /** A master, a replica and one Sentinel, behind {@code password}; TLS only if {@code tls} is given. */
  public static LocalSentinel start(String password, Tls tls) {
    return with(password).tls(tls).start();
  }

  /** A set-up behind {@code password}, as the builder then says. */
  public static Builder with(String password) {
    if (!PLAIN_PASSWORD.matcher(password).matches()) {
      throw new IllegalArgumentException("a test password of letters, digits and ._~- only");
    }
    return new Builder(password);
  }

  /** How a set-up differs from one master, one replica and one Sentinel on 127.0.0.1, all behind the password. */
  public static final class Builder {
    private final String password;
    private Tls tls;
    private int sentinelCount = 1;
    private boolean sentinelsNeedPassword = true;
    private String dataHost = HOST;

    private Builder(String password) {
      this.password = password;
    }

    /** TLS only, with these files (null: plaintext). */
    public Builder tls(Tls files) {
      this.tls = files;
      return this;
    }

    /** This many Sentinels (quorum: a majority of them). */
    public Builder sentinels(int count) {
      this.sentinelCount = count;
      return this;
    }

    /** Sentinels that take commands without a password (only the data nodes need it), as some operators run them. */
    public Builder sentinelsWithoutPassword() {
      this.sentinelsNeedPassword = false;
      return this;
    }

    /**
     * Master and replica on another loopback address (Sentinels stay on 127.0.0.1), which Sentinel
     * then announces: for a certificate that does not name the address clients are sent to.
     */
    public Builder dataNodesOn(String loopbackAddress) {
      this.dataHost = loopbackAddress;
      return this;
    }

    public LocalSentinel start() {
      Path directory;
      try {
        directory = Files.createTempDirectory("idnet-sentinel");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      LocalSentinel sentinel = new LocalSentinel(directory, this);
      try {
        sentinel.startAll(sentinelCount);
      } catch (RuntimeException e) {
        sentinel.close();
        throw e;
      }
      TestStores.closeOnExit(sentinel);
      return sentinel;
    }
  }

  private void startAll(int sentinelCount) {
    RedisProcess master = node("master", LocalRedis.freePort(), null);
    master.start("Ready to accept connections", START);
    RedisProcess replica = node("replica", LocalRedis.freePort(), master.port());
    replica.start("Ready to accept connections", START);
    // Sentinel learns of replicas from the master's INFO: only once the replica is attached does
    // the first Sentinel look see it, rather than the one 10 seconds later.
    replica.awaitLogLine("MASTER <-> REPLICA sync: Finished with success", START);
    for (int i = 0; i < sentinelCount; i++) {
      sentinel(i, LocalRedis.freePort(), master.port(), sentinelCount / 2 + 1).start("+monitor master", START);
    }
    awaitWatching(sentinelCount);
  }

  private RedisProcess node(String name, int port, Integer masterPort) {
    List<String> lines = new ArrayList<>(List.of(
        "bind " + dataHost, "dir " + mkdir(name), "save \"\"", "appendonly no",
        "repl-diskless-sync yes", "repl-diskless-sync-delay 0",
        "requirepass " + password, "masterauth " + password));
    lines.addAll(listen(port));
    if (masterPort != null) {
      lines.add("replicaof " + dataHost + " " + masterPort);
    }
    RedisProcess process = new RedisProcess(write(name + ".conf", lines), directory.resolve(name + ".log"), false, port);
    nodes.add(process);
    return process;
  }

  private RedisProcess sentinel(int index, int port, int masterPort, int quorum) {
    String name = "sentinel-" + index;
    List<String> lines = new ArrayList<>(List.of("bind " + HOST, "dir " + mkdir(name)));
    if (sentinelsNeedPassword) {
      lines.addAll(List.of("requirepass " + password, "sentinel sentinel-pass " + password));
    }
    lines.addAll(List.of(
        "sentinel monitor " + MASTER_NAME + " " + dataHost + " " + masterPort + " " + quorum,
        "sentinel auth-pass " + MASTER_NAME + " " + password,
        // A master is down after 1 s without an answer; production keeps Sentinel's defaults.
        "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
        "sentinel failover-timeout " + MASTER_NAME + " 10000"));
    lines.addAll(listen(port));
    RedisProcess process = new RedisProcess(write(name + ".conf", lines), directory.resolve(name + ".log"), true, port);
    sentinels.add(process);
    return process;
  }

  /** Plaintext port, or TLS only: clients, replication and Sentinel's links all over TLS. */
  private List<String> listen(int port) {
    if (tls == null) {
      return List.of("port " + port);
    }
    return List.of("port 0", "tls-port " + port, "tls-cert-file " + tls.certificate().toAbsolutePath(),
        "tls-key-file " + tls.key().toAbsolutePath(), "tls-ca-cert-file " + tls.ca().toAbsolutePath(),
        "tls-auth-clients no", "tls-replication yes");
  }

  /** Until every Sentinel sees the replica attached and the other Sentinels: only then can it fail over. */
  private void awaitWatching(int sentinelCount) {
    long deadline = System.nanoTime() + START.toNanos();
    for (RedisProcess sentinel : sentinels) {
      while (true) {
        Map<String, String> master = askSentinel(sentinel, s -> s.master(MASTER_NAME));
        if ("1".equals(master.get("num-slaves"))
            && String.valueOf(sentinelCount - 1).equals(master.get("num-other-sentinels"))
            && askSentinel(sentinel, s -> s.replicas(MASTER_NAME)).stream()
                .allMatch(r -> "slave".equals(r.get("flags")) && "ok".equals(r.get("master-link-status")))) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Sentinel does not see the replica and its peers: " + master);
        }
        RedisProcess.sleep(50);
      }
    }
  }

  /** The Lettuce URI of this set-up: {@code redis[s]-sentinel://:password@127.0.0.1:port,.../0#idnet}. */
  public String uri() {
    return uriWithPassword(password);
  }

  /** {@link #uri()} with another password (a wrong one, in tests). */
  public String uriWithPassword(String otherPassword) {
    return (tls == null ? "redis-sentinel" : "rediss-sentinel") + "://:" + otherPassword + "@"
        + sentinels.stream().map(s -> HOST + ":" + s.port()).collect(Collectors.joining(",")) + "/0#" + MASTER_NAME;
  }

  public String password() {
    return password;
  }

  public List<Integer> sentinelPorts() {
    return sentinels.stream().map(RedisProcess::port).toList();
  }

  /** The port of the master, as the first Sentinel that answers names it. */
  public int masterPort() {
    for (RedisProcess sentinel : sentinels) {
      if (sentinel.isAlive()) {
        SocketAddress address = askSentinel(sentinel, s -> s.getMasterAddrByName(MASTER_NAME));
        return ((InetSocketAddress) address).getPort();
      }
    }
    throw new IllegalStateException("no Sentinel is running");
  }

  /** Kills the current master as a crash would; returns the port it had. */
  public int killMaster() {
    int port = masterPort();
    nodes.stream().filter(n -> n.port() == port).findFirst().orElseThrow().kill();
    return port;
  }

  /** Waits until Sentinel names a master other than {@code oldPort} and that node says it is master. */
  public int awaitFailover(int oldPort, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      int port = masterPort();
      if (port != oldPort && "master".equals(askNode(port, c -> c.sync().role().get(0)))) {
        return port;
      }
      RedisProcess.sleep(100);
    }
    throw new IllegalStateException("no failover from port " + oldPort + " within " + timeout + "; Sentinel log:\n"
        + sentinels.get(0).logText());
  }

  /** Runs commands on the data node at {@code port} (for tests that look at what was stored). */
  public <T> T askNode(int port, Function<StatefulRedisConnection<String, String>, T> commands) {
    // The chain only: a node on another loopback address (dataNodesOn) is not named by its certificate.
    RedisURI uri = RedisURI.builder().withHost(dataHost).withPort(port).withSsl(tls != null)
        .withVerifyPeer(SslVerifyMode.CA)
        .withPassword(password.toCharArray()).withTimeout(Duration.ofSeconds(2)).build();
    try (StatefulRedisConnection<String, String> connection = client.connect(uri)) {
      return commands.apply(connection);
    }
  }

  private <T> T askSentinel(RedisProcess sentinel,
      Function<io.lettuce.core.sentinel.api.sync.RedisSentinelCommands<String, String>, T> commands) {
    RedisURI uri = RedisURI.builder().withHost(HOST).withPort(sentinel.port()).withSsl(tls != null)
        .withTimeout(Duration.ofSeconds(2)).build();
    if (sentinelsNeedPassword) {
      uri.setAuthentication(password.toCharArray());
    }
    try (StatefulRedisSentinelConnection<String, String> connection = client.connectSentinel(uri)) {
      return commands.apply(connection.sync());
    }
  }

  private Path mkdir(String name) {
    try {
      return Files.createDirectories(directory.resolve(name)).toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path write(String name, List<String> lines) {
    try {
      return Files.write(directory.resolve(name), lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    sentinels.forEach(RedisProcess::stop);
    nodes.forEach(RedisProcess::stop);
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory: the OS cleans it up
    }
  }
}
