package org.idnet.stores;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
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
  private final AutoCloseable server;

  private LocalPostgres(String host, int port, String user, String password, String adminDatabase,
      AutoCloseable server) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    this.adminDatabase = adminDatabase;
    this.server = server;
  }

  /**
   * Starts an embedded server. With a data directory the data survives restarts (the sandbox);
   * without one it lives in a temporary directory that is removed on close (tests).
   */
  public static LocalPostgres embedded(Path dataDirectory, int port) {
    try {
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setServerConfig("max_connections", "200")
          .setServerConfig("fsync", dataDirectory == null ? "off" : "on");
      if (port > 0) {
        builder.setPort(port);
      }
      if (dataDirectory != null) {
        builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
      }
      EmbeddedPostgres pg = builder.start();
      return new LocalPostgres("localhost", pg.getPort(), "postgres", "postgres", "postgres", pg);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded PostgreSQL", e);
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

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
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
  public void close() {
    try {
      server.close();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop PostgreSQL", e);
    }
  }
}
