package org.idnet.web.hosted;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The gateway and the issuer's token endpoint as the hosted pages see them, on a real loopback port:
 * one session ({@link #SESSION}) of account {@code web-demo-7} for platform-a, its level moved by
 * the steps, the refusals a test asks for ({@link #refuseNext}). Records each call with its
 * {@code Authorization} and {@code Idnet-Session} headers and body.
 */
final class HostedStubGateway implements AutoCloseable {

  static final String LAUNCH = "L".repeat(43);
  static final String SESSION = "vs_SSSSSSSSSSSSSSSSSSSSSS";
  static final String SECRET = "x".repeat(43);
  static final String TOKEN = "web-token-1";
  static final String RETURN_ORIGIN = "http://localhost:8088";
  static final String CODE = "123456";
  static final String NATIONAL_ID = "001204012345";

  record Call(String method, String path, String authorization, String session, String body) {
  }

  final List<Call> calls = new CopyOnWriteArrayList<>();
  volatile int tokens;
  volatile String level = "REAL_NAME";
  volatile String locale = "en";
  volatile String reached = "NONE";
  volatile boolean opened;
  /** The session names this guardian (empty: none); the account then needs one (a minor). */
  volatile String guardian = "";
  volatile boolean guardianRequired;
  /** The next call of a step answers this status and code instead (null: answer normally). */
  volatile int refuseStatus;
  volatile String refuseCode;
  /** The API field the next refusal names (its {@code errors[].field}), or null. */
  volatile String refuseField;
  /** The id the next opening answers (a second launch in a browser opens another session). */
  volatile String openedSession = SESSION;
  /** Identity's real-name attempts left: each refused identity spends one. */
  volatile int realNameAttemptsLeft = 3;
  /** The redirectUrl completion answers instead of the platform's (null: theirs). */
  volatile String redirectUrl;
  private final HttpServer server;

  HostedStubGateway() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/token", exchange -> {
      tokens++;
      send(exchange, 200, "{\"access_token\":\"" + TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":300}");
    });
    server.createContext("/v1/", this::api);
    server.start();
  }

  void refuseNext(int status, String code) {
    refuseNext(status, code, null);
  }

  void refuseNext(int status, String code, String field) {
    refuseField = field;
    refuseCode = code;
    refuseStatus = status;
  }

  void reset() {
    calls.clear();
    level = "REAL_NAME";
    locale = "en";
    reached = "NONE";
    opened = false;
    refuseStatus = 0;
    guardian = "";
    guardianRequired = false;
    refuseField = null;
    openedSession = SESSION;
    realNameAttemptsLeft = 3;
    redirectUrl = null;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void api(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    calls.add(new Call(method, path, exchange.getRequestHeaders().getFirst("Authorization"),
        exchange.getRequestHeaders().getFirst("Idnet-Session"), body));
    if (path.equals("/v1/hosted-sessions/openings")) {
      if (!body.contains(LAUNCH) || opened) {
        send(exchange, 404, problem("hosted-session-not-found"));
        return;
      }
      opened = true;
      send(exchange, 200, "{\"sessionId\":\"" + openedSession + "\",\"sessionSecret\":\"" + SECRET + "\",\"platformId\":"
          + "\"platform-a\",\"accountLabel\":\"@alice\",\"level\":\"" + level + "\",\"locale\":\"" + locale + "\","
          + "\"guardianNamed\":false,\"expiresAt\":\"2026-12-05T01:00:00Z\",\"returnOrigin\":\"" + RETURN_ORIGIN
          + "\",\"accountId\":\"web-demo-7\",\"guardianAccountId\":\"" + guardian + "\"}");
      return;
    }
    if (!(SESSION + "." + SECRET).equals(exchange.getRequestHeaders().getFirst("Idnet-Session"))) {
      send(exchange, 401, problem("invalid-session"));
      return;
    }
    if (method.equals("GET") && path.equals("/v1/hosted-sessions/" + SESSION)) {
      send(exchange, 200, "{\"id\":\"" + SESSION + "\",\"platformId\":\"platform-a\",\"accountLabel\":\"@alice\","
          + "\"levelAsked\":\"" + level + "\",\"locale\":\"" + locale + "\",\"levelReached\":\"" + reached
          + "\",\"guardianRequired\":" + guardianRequired + ",\"realNameAttemptsLeft\":" + realNameAttemptsLeft + ",\"returnOrigin\":\"" + RETURN_ORIGIN + "\"}");
      return;
    }
    if (refuseStatus != 0) {
      int status = refuseStatus;
      refuseStatus = 0;
      send(exchange, status, problem(refuseCode, refuseField));
      return;
    }
    switch (method + " " + path) {
      case "POST /v1/phone-verifications" -> send(exchange, 201, verification("PENDING", 5));
      case "POST /v1/phone-verifications/pv1/check" -> {
        if (body.contains(CODE)) {
          reached = reached.equals("NONE") ? "PHONE" : reached;
          send(exchange, 200, verification("APPROVED", 4));
        } else {
          send(exchange, 200, verification("PENDING", 4));
        }
      }
      case "POST /v1/phone-verifications/pv1/resend" -> send(exchange, 200, verification("PENDING", 5));
      case "PUT /v1/accounts/web-demo-7/real-name" -> {
        if (!guardian.isEmpty() && !body.contains("\"guardianAccountId\":\"" + guardian + "\"")) {
          guardianRequired = true;
          send(exchange, 422, problem("guardian-required"));
        } else if (body.contains(NATIONAL_ID)) {
          reached = "REAL_NAME";
          send(exchange, 200, "{\"accountId\":\"web-demo-7\",\"status\":\"VERIFIED\",\"level\":\"REAL_NAME\"}");
        } else {
          realNameAttemptsLeft--;
          send(exchange, 422, problem("identity-not-confirmed"));
        }
      }
      case "POST /v1/hosted-sessions/" + SESSION + "/completion" -> {
        if (!reached.equals(level)) {
          send(exchange, 422, problem("level-not-reached"));
        } else {
          send(exchange, 200, "{\"redirectUrl\":\"" + (redirectUrl != null ? redirectUrl : RETURN_ORIGIN
              + "/return?result=" + "R".repeat(43) + "&state=state-123") + "\",\"outcome\":\"COMPLETED\"}");
        }
      }
      case "POST /v1/hosted-sessions/" + SESSION + "/cancellation" -> send(exchange, 200, "{\"redirectUrl\":\""
          + RETURN_ORIGIN + "/return?result=" + "C".repeat(43) + "&state=state-123\",\"outcome\":\"CANCELLED\"}");
      default -> send(exchange, 404, problem("not-found"));
    }
  }

  private static String verification(String status, int attempts) {
    return "{\"id\":\"pv1\",\"accountId\":\"web-demo-7\",\"phoneNumber\":\"+8491*****78\",\"status\":\"" + status
        + "\",\"attemptsRemaining\":" + attempts + "}";
  }

  /** As the gateway's problem+json, with an English detail the pages must never show. */
  private static String problem(String code) {
    return problem(code, null);
  }

  private static String problem(String code, String field) {
    return "{\"type\":\"about:blank\",\"title\":\"Refused\",\"detail\":\"ENGLISH DETAIL " + code + "\",\"code\":\"" + code
        + "\"" + (field == null ? "" : ",\"errors\":[{\"field\":\"" + field + "\",\"detail\":\"ENGLISH DETAIL\"}]") + "}";
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", status < 300 ? "application/json" : "application/problem+json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
