package org.idnet.benchmarks.observe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Redis's own counters ({@code INFO stats} and {@code INFO commandstats}) over a plain socket, so
 * that no client library's behaviour is in the way: key look-ups that found a key or not
 * ({@code keyspace_hits}, {@code keyspace_misses}: every reader's, the gateway's rate limiter and
 * phone-otp-service included) and calls and CPU time per command.
 */
public final class RedisInfo implements Counters {

  static final String PREFIX = "redis ";

  private final String host;
  private final int port;

  public RedisInfo(String host, int port) {
    this.host = host;
    this.port = port;
  }

  @Override
  public Map<String, Double> read() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 2000);
      socket.setSoTimeout(2000);
      Map<String, Double> counters = new LinkedHashMap<>();
      counters.putAll(parse(info(socket, "stats")));
      counters.putAll(parse(info(socket, "commandstats")));
      return counters;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String info(Socket socket, String section) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(("*2\r\n$4\r\nINFO\r\n$" + section.length() + "\r\n" + section + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = socket.getInputStream();
    String header = line(in);
    if (!header.startsWith("$")) {
      throw new IOException("Redis answered INFO " + section + " with " + header);
    }
    byte[] body = in.readNBytes(Integer.parseInt(header.substring(1)));
    line(in);
    return new String(body, StandardCharsets.UTF_8);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("Redis closed the connection");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  /**
   * The counters of an INFO answer: {@code redis keyspace_hits}, {@code redis keyspace_misses}, and
   * per command {@code redis <command> calls} and {@code redis <command> usec}.
   */
  static Map<String, Double> parse(String info) {
    Map<String, Double> counters = new LinkedHashMap<>();
    for (String line : info.split("\r?\n")) {
      int colon = line.indexOf(':');
      if (line.startsWith("#") || colon < 0) {
        continue;
      }
      String key = line.substring(0, colon);
      String value = line.substring(colon + 1).trim();
      if (key.equals("keyspace_hits") || key.equals("keyspace_misses")) {
        counters.put(PREFIX + key, Double.parseDouble(value));
      } else if (key.startsWith("cmdstat_")) {
        String command = key.substring("cmdstat_".length());
        for (String field : value.split(",")) {
          int eq = field.indexOf('=');
          String name = eq < 0 ? "" : field.substring(0, eq);
          if (name.equals("calls") || name.equals("usec")) {
            counters.put(PREFIX + command + " " + name, Double.parseDouble(field.substring(eq + 1)));
          }
        }
      }
    }
    return counters;
  }
}
