package org.idnet.stores;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import org.testcontainers.containers.GenericContainer;
import redis.embedded.RedisServer;

/**
 * A real Redis server: embedded (binary from Maven), a Testcontainers container, or one already
 * running. An embedded server can be stopped and started again on the same port, which is how
 * tests show what happens while Redis is down.
 */
public final class LocalRedis implements AutoCloseable {

  private final String host;
  private final int port;
  private final RedisServer embedded;
  private final AutoCloseable other;

  private LocalRedis(String host, int port, RedisServer embedded, AutoCloseable other) {
    this.host = host;
    this.port = port;
    this.embedded = embedded;
    this.other = other;
  }

  /**
   * Starts an embedded Redis. With a data directory it saves snapshots there (append-only file,
   * so the sandbox keeps its state); without one it keeps nothing on disk.
   */
  public static LocalRedis embedded(Path dataDirectory, int port) {
    int p = port > 0 ? port : freePort();
    try {
      redis.embedded.core.RedisServerBuilder builder = RedisServer.newRedisServer().port(p).bind("127.0.0.1");
      if (dataDirectory != null) {
        builder.setting("dir " + dataDirectory.toAbsolutePath())
            .setting("appendonly yes")
            .setting("save 60 1");
      } else {
        builder.setting("save \"\"").onShutdownForceStop(true).setting("appendonly no");
      }
      RedisServer server = builder.build();
      server.start();
      return new LocalRedis("127.0.0.1", p, server, null);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded Redis on port " + p, e);
    }
  }

  @SuppressWarnings("resource")
  static LocalRedis container() {
    GenericContainer<?> container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
    container.start();
    return new LocalRedis(container.getHost(), container.getFirstMappedPort(), null, container::stop);
  }

  /** A server already running, from {@code redis://host:port}. */
  static LocalRedis external(String url) {
    URI uri = URI.create(url);
    return new LocalRedis(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379, null, () -> { });
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public String uri() {
    return "redis://" + host + ":" + port;
  }

  /** Stops an embedded server, keeping its port for {@link #restart()}. */
  public void stop() {
    requireEmbedded();
    try {
      embedded.stop();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void restart() {
    requireEmbedded();
    try {
      embedded.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean isEmbedded() {
    return embedded != null;
  }

  private void requireEmbedded() {
    if (embedded == null) {
      throw new IllegalStateException("only an embedded Redis can be stopped and restarted");
    }
  }

  @Override
  public void close() {
    try {
      if (embedded != null) {
        if (embedded.isActive()) {
          embedded.stop();
        }
      } else {
        other.close();
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not stop Redis", e);
    }
  }

  /** Ports handed out by {@link #freePort} in this JVM: never handed out twice. */
  private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * A TCP port free at this moment on the loopback interface, and never the same twice in this JVM.
   * It is taken below Linux's ephemeral range (32768-60999): a port the kernel picked (port 0) lies in
   * that range, where the outgoing connections of a busy network may take it before the server that
   * was meant to bind it starts (seen once: "Port 41527 was already in use").
   */
  public static int freePort() {
    java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int port = random.nextInt(20_000, 32_000);
      if (!HANDED_OUT.add(port)) {
        continue;
      }
      try (ServerSocket socket = new ServerSocket()) {
        // The wildcard address without SO_REUSEADDR: refused if anything holds the port on any
        // address, loopback included, or it still lingers in TIME_WAIT.
        socket.setReuseAddress(false);
        socket.bind(new java.net.InetSocketAddress(port));
        return port;
      } catch (IOException e) {
        // taken: try another
      }
    }
    throw new UncheckedIOException(new IOException("no free TCP port found between 20000 and 32000"));
  }

}
