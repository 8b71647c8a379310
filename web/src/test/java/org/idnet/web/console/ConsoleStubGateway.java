package org.idnet.web.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The gateway's disclosure and audit API as the console sees it, on a real loopback port: two
 * requests awaiting approval (one filed by officer.an, one by lead.chi), one disclosed whose package
 * has expired (410). Every call is recorded with its Authorization, If-Match and Idempotency-Key.
 */
final class ConsoleStubGateway implements AutoCloseable {

  static final String BY_OFFICER = "11111111-1111-1111-1111-111111111111";
  static final String BY_LEAD = "22222222-2222-2222-2222-222222222222";
  static final String EXPIRED = "33333333-3333-3333-3333-333333333333";
  static final String DIGEST = "d1g3st";
  /** The digest the requests carry now (a test changes it to play a request edited meanwhile). */
  static volatile String digest = DIGEST;
  /** The audit log verification's answer. */
  static volatile String verification = "{\"valid\":true,\"size\":\"1\"}";

  record Call(String method, String path, String authorization, String ifMatch, String idempotencyKey, String body) {
  }

  final List<Call> calls = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  ConsoleStubGateway() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/v1/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  static String request(String id, String by, String status) {
    Instant created = Instant.now().minusSeconds(600);
    return """
        {"id":"%s","agencyId":"agency-1","requestedBy":"%s","target":{"platformId":"platform-a","accountId":"acc-1"},
         "legalBasis":"VN-CPC-2015-ART88","caseReference":"2026/CASE-%s","fields":["FULL_NAME","NATIONAL_ID"],
         "emergency":false,"status":"%s","createdAt":"%s","dueAt":"%s","justification":"Fraud under investigation.",
         "digest":"%s"%s}""".formatted(id, by, id.substring(0, 4), status, created, created.plusSeconds(8 * 3600), digest,
        "DISCLOSED".equals(status) ? ",\"packageExpiresAt\":\"" + created.plusSeconds(60) + "\"" : "");
  }

  private void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    calls.add(new Call(method, path + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()),
        exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("If-Match"),
        exchange.getRequestHeaders().getFirst("Idempotency-Key"), body));
    int status = 200;
    String answer;
    if (path.equals("/v1/legal-bases")) {
      answer = """
          {"legalBases":[{"code":"VN-CPC-2015-ART88","title":"Criminal Procedure Code, art. 88",
          "allowedFields":["FULL_NAME","NATIONAL_ID","DATE_OF_BIRTH"],"emergencyAllowed":true},
          {"code":"VN-DECREE147-2024-ART27","title":"Decree 147/2024, art. 27","allowedFields":["FULL_NAME"],"emergencyAllowed":false}]}""";
    } else if (path.equals("/v1/disclosure-requests") && method.equals("GET")) {
      answer = "{\"requests\":[" + request(BY_OFFICER, "officer.an", "AWAITING_APPROVAL") + ","
          + request(BY_LEAD, "lead.chi", "AWAITING_APPROVAL") + "]}";
    } else if (path.equals("/v1/disclosure-requests") && body.contains("\"caseReference\":\"REFUSED\"")) {
      status = 422;
      answer = "{\"code\":\"invalid-request\",\"detail\":\"ENGLISH DETAIL\",\"errors\":[{\"field\":\"target.accountId\"},"
          + "{\"field\":\"caseReference\"},{\"field\":\"somethingElse\"}]}";
    } else if (path.equals("/v1/disclosure-requests")) {
      answer = request(BY_OFFICER, "officer.an", "AWAITING_APPROVAL");
    } else if (path.endsWith("/package")) {
      status = path.contains(EXPIRED) ? 410 : 200;
      answer = status == 410 ? "{\"code\":\"package-expired\"}"
          : "{\"requestId\":\"" + BY_OFFICER + "\",\"fields\":{\"fullName\":\"Nguyễn Văn A\",\"nationalId\":\"001204012345\",\"heading\":\"X-9\"},"
              + "\"disclosedAt\":\"" + Instant.now() + "\",\"expiresAt\":\"" + Instant.now().plusSeconds(3600) + "\"}";
    } else if (path.startsWith("/v1/disclosure-requests/")) {
      String id = path.split("/")[3];
      answer = request(id, id.equals(BY_LEAD) ? "lead.chi" : "officer.an", id.equals(EXPIRED) ? "DISCLOSED"
          : path.endsWith("/approve") ? "APPROVED" : "AWAITING_APPROVAL");
    } else if (path.equals("/v1/audit/entries")) {
      answer = """
          {"entries":[{"seq":"1","at":"2026-12-05T01:00:00Z","type":"REQUEST_CREATED","actor":"officer.an",
          "requestId":"%s","agencyId":"agency-1","prevHash":"","hash":"%s"}]}""".formatted(BY_OFFICER, "a".repeat(64));
    } else if (path.equals("/v1/audit/checkpoint")) {
      answer = "{\"size\":\"1\",\"rootHash\":\"" + "b".repeat(64) + "\",\"issuedAt\":\"2026-12-05T01:00:00Z\",\"keyId\":\"1\"}";
    } else if (path.equals("/v1/audit/verification")) {
      answer = verification;
    } else {
      status = 404;
      answer = "{\"code\":\"not-found\"}";
    }
    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", status == 200 ? "application/json" : "application/problem+json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
