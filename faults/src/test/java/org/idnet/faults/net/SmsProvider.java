package org.idnet.faults.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SMS provider phone-otp-service sends to in production ({@code idnet.otp.sms.adapter=http}:
 * {@code POST {to, text}} with the API key in a header), played by the test. It is the one record
 * of every SMS that really left the network, apart from Redis: so "sent nothing" is checked even
 * while Redis is down or was emptied. Nothing it receives is printed.
 */
public final class SmsProvider implements AutoCloseable {

  public static final String API_KEY = "faults-sms-provider-key";
  private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One message as the provider received it. */
  public record Sms(String to, String text, Instant at) {

    public String code() {
      Matcher m = CODE.matcher(text);
      if (!m.find()) {
        throw new IllegalStateException("an SMS without a 6-digit code");
      }
      return m.group(1);
    }
  }

  private final HttpServer server;
  private final List<Sms> received = new CopyOnWriteArrayList<>();

  private SmsProvider(HttpServer server) {
    this.server = server;
  }

  public static SmsProvider start(int port) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
      SmsProvider provider = new SmsProvider(server);
      server.createContext("/sms", exchange -> {
        try (exchange) {
          if (!API_KEY.equals(exchange.getRequestHeaders().getFirst("X-Api-Key"))) {
            exchange.sendResponseHeaders(401, -1);
            return;
          }
          JsonNode body = JSON.readTree(exchange.getRequestBody());
          provider.received.add(new Sms(body.path("to").asText(), body.path("text").asText(), Instant.now()));
          exchange.sendResponseHeaders(202, -1);
        }
      });
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.start();
      return provider;
    } catch (IOException e) {
      throw new UncheckedIOException("the SMS provider cannot listen on " + port, e);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/sms";
  }

  /** Every SMS sent to this E.164 number so far, oldest first. */
  public List<Sms> to(String e164) {
    return received.stream().filter(s -> s.to().equals(e164)).toList();
  }

  public int total() {
    return received.size();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
