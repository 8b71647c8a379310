package org.idnet.stores;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.regex.Pattern;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A real PostgreSQL server: embedded (zonky binaries), a Testcontainers container, or one already
 * running. Hands out fresh databases so that each test class or service gets its own schema.
 */
public final class LocalPostgres implements AutoCloseable {

  private static final Pattern DB_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  private final String host;
  private final int port;
  private final String user;
  private final String password;
  private final String adminDatabase;
  private AutoCloseable server;
  /** The CA clients verify the server with; null for a plaintext server. */
  private final Path tlsCa;
  /** How to start an embedded server with a data directory again (null otherwise): see {@link #restart}. */
  private EmbeddedPostgres.Builder restartable;
  private boolean stopped;

  private LocalPostgres(String host, int port, String user, String password, String adminDatabase,
      AutoCloseable server) {
    this(host, port, user, password, adminDatabase, server, null);
  }

  private LocalPostgres(String host, int port, String user, String password, String adminDatabase,
      AutoCloseable server, Path tlsCa) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    this.adminDatabase = adminDatabase;
    this.server = server;
    this.tlsCa = tlsCa;
  }

  /**
   * Starts an embedded server. With a data directory the data survives restarts (the sandbox);
   * without one it lives in a temporary directory that is removed on close (tests).
   */
  public static LocalPostgres embedded(Path dataDirectory, int port) {
    EmbeddedPostgres pg = start(builder(dataDirectory, port));
    LocalPostgres postgres = new LocalPostgres("localhost", pg.getPort(), "postgres", "postgres", "postgres", pg);
    if (dataDirectory != null) {
      postgres.restartable = builder(dataDirectory, pg.getPort());
    }
    return postgres;
  }

  /**
   * Stops an embedded server that keeps its data in a directory (a fast shutdown: sessions are
   * ended, committed data stays), keeping its port for {@link #restart()}: how the fault tests show
   * what happens while PostgreSQL is down.
   */
  public synchronized void stop() {
    requireRestartable();
    if (stopped) {
      return;
    }
    try {
      server.close();
      stopped = true;
    } catch (Exception e) {
      throw new IllegalStateException("could not stop PostgreSQL", e);
    }
  }

  /** Starts the server {@link #stop()} stopped again, on the same port and data. */
  public synchronized void restart() {
    requireRestartable();
    if (stopped) {
      server = start(restartable);
      stopped = false;
    }
  }

  private void requireRestartable() {
    if (restartable == null) {
      throw new IllegalStateException("only an embedded PostgreSQL with a data directory can be stopped and restarted");
    }
  }

  /**
   * Starts an embedded server that accepts TCP connections over TLS only (TLS 1.3, plaintext refused
   * by its pg_hba.conf), with this certificate; {@link #jdbcUrl} then names {@code
   * sslmode=verify-full} and the CA, so every connection made through this object verifies the
   * server's certificate and host name ({@code localhost}: the certificate must name it).
   */
  public static LocalPostgres embeddedWithTls(Path dataDirectory, int port, PostgresTls tls) {
    Path hba = tlsOnlyHba();
    EmbeddedPostgres pg;
    try {
      pg = start(builder(dataDirectory, port)
          .setServerConfig("ssl", "on")
          .setServerConfig("ssl_cert_file", tls.certificate().toString())
          .setServerConfig("ssl_key_file", tls.key().toString())
          .setServerConfig("ssl_min_protocol_version", "TLSv1.3")
          .setServerConfig("hba_file", hba.toString()));
    } catch (RuntimeException e) {
      deleteQuietly(hba);
      throw e;
    }
    AutoCloseable server = () -> {
      try {
        pg.close();
      } finally {
        deleteQuietly(hba);
      }
    };
    return new LocalPostgres("localhost", pg.getPort(), "postgres", "postgres", "postgres", server, tls.ca());
  }

  private static EmbeddedPostgres.Builder builder(Path dataDirectory, int port) {
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setServerConfig("max_connections", "200")
        .setServerConfig("fsync", dataDirectory == null ? "off" : "on");
    if (port > 0) {
      builder.setPort(port);
    }
    if (dataDirectory != null) {
      builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
    }
    return builder;
  }

  private static EmbeddedPostgres start(EmbeddedPostgres.Builder builder) {
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded PostgreSQL", e);
    }
  }

  /** Local socket for the server's own tools; over TCP only TLS ("hostssl"): anything else is refused. */
  private static Path tlsOnlyHba() {
    try {
      Path hba = Files.createTempFile("idnet-pg-hba", ".conf");
      Files.writeString(hba, """
          # TYPE  DATABASE USER ADDRESS       METHOD
          local   all      all                trust
          hostssl all      all  127.0.0.1/32  trust
          hostssl all      all  ::1/128       trust
          """);
      return hba;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write pg_hba.conf", e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a temporary file; the OS cleans up what is left
    }
  }

  @SuppressWarnings("resource")
  static LocalPostgres container() {
    PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
    container.start();
    return new LocalPostgres(container.getHost(), container.getFirstMappedPort(), container.getUsername(),
        container.getPassword(), container.getDatabaseName(), container::stop);
  }

  /** A server already running, from {@code postgresql://user:password@host:port/db}. */
  static LocalPostgres external(String url) {
    URI uri = URI.create(url.replaceFirst("^jdbc:", ""));
    String[] userInfo = uri.getUserInfo() == null ? new String[] {"postgres", ""} : uri.getUserInfo().split(":", 2);
    String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
    return new LocalPostgres(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5432, userInfo[0],
        userInfo.length > 1 ? userInfo[1] : "", db, () -> { });
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  /** The database's URL; for a TLS server with verify-full against its CA (and so its host name). */
  public String jdbcUrl(String database) {
    String url = "jdbc:postgresql://" + host + ":" + port + "/" + database;
    return tlsCa == null ? url : url + "?sslmode=verify-full&sslrootcert=" + tlsCa;
  }

  /** The CA file clients verify a TLS server with; empty for a plaintext server. */
  public Optional<Path> tlsCa() {
    return Optional.ofNullable(tlsCa);
  }

  /** Creates the database unless it exists, and returns its JDBC URL. */
  public String createDatabase(String name) {
    if (!DB_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a plain database name: " + name);
    }
    try (Connection c = DriverManager.getConnection(jdbcUrl(adminDatabase), user, password);
        Statement s = c.createStatement()) {
      var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
      if (!rs.next()) {
        s.execute("CREATE DATABASE " + name);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name + ": " + e.getMessage(), e);
    }
    return jdbcUrl(name);
  }

  /**
   * Creates a login role with this password unless it exists (a service that must not own its
   * schema, such as disclosure-service, connects as one). Roles belong to the whole server.
   */
  public synchronized void ensureLoginRole(String name, String rolePassword) {
    if (!DB_NAME.matcher(name).matches() || rolePassword.contains("'")) {
      throw new IllegalArgumentException("not a plain role name or password: " + name);
    }
    try (Connection c = DriverManager.getConnection(jdbcUrl(adminDatabase), user, password);
        Statement s = c.createStatement()) {
      var rs = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + name + "'");
      if (!rs.next()) {
        s.execute("CREATE ROLE " + name + " LOGIN PASSWORD '" + rolePassword + "'");
      }
    } catch (SQLException e) {
      if (!"42710".equals(e.getSQLState())) { // duplicate_object: created meanwhile by another process
        throw new IllegalStateException("could not create role " + name + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public synchronized void close() {
    if (stopped) {
      return;
    }
    try {
      server.close();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop PostgreSQL", e);
    }
  }
}
