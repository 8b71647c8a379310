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

  /** A TCP port free at this moment on the loopback interface. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
