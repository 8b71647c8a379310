package org.idnet.web;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The gateway as the web sees it, on a real loopback port (it is another process in every real
 * deployment): {@code GET /v1/transparency-report} answers {@link #answer} with {@link #status},
 * JSON as the gateway prints it (64-bit integers as numbers, medianSeconds absent below 5 decided).
 */
public final class StubGateway implements AutoCloseable {

  /** Two agencies, three bases; agency-1 has a median (7 decided), agency-2 none (3 decided). */
  public static final String REPORT = """
      {"from":"2026-11-01T00:00:00Z","to":"2026-12-01T00:00:00Z","counts":[
      {"agencyId":"agency-1","legalBasis":"VN-CPC-2015-ART88","outcome":"DISCLOSED","count":7},
      {"agencyId":"agency-1","legalBasis":"VN-CPC-2015-ART88","outcome":"REJECTED","count":2},
      {"agencyId":"agency-1","legalBasis":"VN-LAW-CYBERSEC-2018","outcome":"AWAITING_APPROVAL","count":4},
      {"agencyId":"agency-2","legalBasis":"VN-LAW-CYBERSEC-2018","outcome":"DISCLOSED","count":3},
      {"agencyId":"agency-2","legalBasis":"VN-TAX-2019","outcome":"CANCELLED","count":11}],
      "total":27,"decisionTimes":[
      {"month":"2026-11","agencyId":"agency-1","decided":9,"medianSeconds":7800},
      {"month":"2026-11","agencyId":"agency-2","decided":3},
      {"month":"2026-10","agencyId":"agency-2","decided":6,"medianSeconds":200040}]}""";

  public volatile String answer = REPORT;
  public volatile int status = 200;
  /** Closes every connection without an answer, as a gateway that went away. */
  public volatile boolean drop;
  public final List<String> queries = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  public StubGateway() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/v1/transparency-report", exchange -> {
      queries.add(String.valueOf(exchange.getRequestURI().getRawQuery()));
      if (drop) {
        exchange.close();
        return;
      }
      byte[] body = answer.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", status == 200 ? "application/json" : "application/problem+json");
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
