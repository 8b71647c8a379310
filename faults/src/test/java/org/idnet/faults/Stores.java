package org.idnet.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The stores as the test reads them, straight and not through any proxy: PostgreSQL as its
 * superuser (what is really committed; the services' roles could not see everything), Redis by
 * its wire protocol (a command or two: {@code CLIENT PAUSE}, {@code DBSIZE}).
 */
public final class Stores {

  private final int postgresPort;
  private final int redisPort;

  Stores(int postgresPort, int redisPort) {
    this.postgresPort = postgresPort;
    this.redisPort = redisPort;
  }

  /** Rows of a query on {@code database} ({@code identity} or {@code disclosure}), each as its columns' text. */
  public List<List<String>> query(String database, String sql, Object... parameters) {
    Properties login = new Properties();
    login.setProperty("user", "postgres");
    login.setProperty("password", "postgres");
    login.setProperty("connectTimeout", "5");
    login.setProperty("socketTimeout", "20");
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + database, login);
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setObject(i + 1, parameters[i]);
      }
      if (!s.execute()) {
        return List.of();
      }
      List<List<String>> rows = new ArrayList<>();
      try (ResultSet rs = s.getResultSet()) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          List<String> row = new ArrayList<>();
          for (int i = 1; i <= columns; i++) {
            row.add(rs.getString(i));
          }
          rows.add(row);
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("query on " + database + " failed: " + e.getMessage(), e);
    }
  }

  /** The one number a query answers (e.g. a count). */
  public long number(String database, String sql, Object... parameters) {
    List<List<String>> rows = query(database, sql, parameters);
    return Long.parseLong(rows.getFirst().getFirst());
  }

  /**
   * One Redis command; its reply's first line ({@code +OK}, {@code :42}, {@code -ERR ...}). A Redis
   * that does not answer within two seconds (paused, down) is an IOException.
   */
  public String redis(String... command) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", redisPort), 2_000);
      socket.setSoTimeout(2_000);
      StringBuilder request = new StringBuilder("*").append(command.length).append("\r\n");
      for (String part : command) {
        request.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(part).append("\r\n");
      }
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }
  }

  /** As {@link #redis}, for a command that must succeed. */
  public String redisOrFail(String... command) {
    try {
      String reply = redis(command);
      if (reply == null || reply.startsWith("-")) {
        throw new IllegalStateException("Redis refused " + command[0] + ": " + reply);
      }
      return reply;
    } catch (IOException e) {
      throw new UncheckedIOException("Redis did not answer " + command[0], e);
    }
  }
}
