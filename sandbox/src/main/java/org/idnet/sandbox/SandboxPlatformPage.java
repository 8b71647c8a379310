package org.idnet.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sandbox's sample platform (docs/pages.md section 3.6), on loopback: a platform's web page that
 * sends its user to idnet's hosted verification and reads the result, as {@code platform-a} with its
 * client credentials, which stay on this server (the browser never sees a token).
 * <ul>
 *   <li>{@code GET /}: signs the browser in (its own cookie) as a new account {@code web-demo-<n>}
 *       and shows "Verify with idnet" (level, optional guardian account, language of idnet's pages);
 *   <li>{@code POST /start}: only from that page in that browser (the sign-in's form token, and
 *       {@code Origin} when sent, else 403), for the signed-in account, never one named in the form;
 *       a random {@code state}, kept in this page's own cookie (HttpOnly,
 *       SameSite=Lax) and with the account it was made for; {@code POST /v1/verification-sessions};
 *       303 to the session's {@code url};
 *   <li>{@code GET /return?result=&state=}: the {@code state} must be the cookie's (else "refused:
 *       not this session", 400: a result injected into someone else's browser is not taken); the result
 *       is redeemed server-side ({@code POST /v1/verification-results/redemptions}) and its account must
 *       be the one this state was made for; the page shows the outcome, level and capabilities.
 * </ul>
 * At start it registers its {@code /return} address for {@code platform-a} (listed first, so a
 * restart on the same data registers nothing twice). The pages are English only, plain HTML: no
 * script, no inline style.
 */
final class SandboxPlatformPage implements AutoCloseable {

  static final String PLATFORM = "platform-a";
  /** The platform's development secret, public like every sandbox client's. */
  private static final String PLATFORM_SECRET = PLATFORM + "-secret";
  static final String STATE_COOKIE = "sample-platform-state";
  /** A state not come back within a session's life is forgotten. */
  private static final Duration STATE_LIFETIME = Duration.ofMinutes(30);
  private static final int MAX_PENDING = 1000;
  /** A token is renewed this long before it expires. */
  private static final Duration TOKEN_MARGIN = Duration.ofSeconds(30);
  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(15);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final HttpServer server;
  private final ExecutorService threads;
  private final String gatewayUrl;
  private final String tokenEndpoint;
  private final String returnUrl;
  private final String pagesOrigin;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(ANSWER_WITHIN).build();
  /** state → what it was made for; a state is taken once. */
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong accounts = new AtomicLong(Instant.now().getEpochSecond() % 1_000_000 * 10);
  private String token;
  private Instant tokenRenewal = Instant.MIN;

  private record Pending(String accountId, Instant expires) {
  }

  /**
   * Who is signed in to the sample platform in a browser: the account is the platform's own record,
   * never a form field (a user must not be able to verify someone else's account by editing the
   * page), and its form carries a token of that sign-in (no other site can start a verification in
   * the user's browser).
   */
  private record SignedIn(String accountId, String formToken, Instant expires) {
  }

  /** sign-in cookie → who; kept like the states, for the sandbox's walkthroughs and tests. */
  private final Map<String, SignedIn> signedIn = new ConcurrentHashMap<>();
  static final String USER_COOKIE = "sample-platform-user";

  private SandboxPlatformPage(HttpServer server, ExecutorService threads, String gatewayUrl, String tokenEndpoint,
      String returnUrl, String pagesOrigin) {
    this.server = server;
    this.pagesOrigin = pagesOrigin;
    this.threads = threads;
    this.gatewayUrl = gatewayUrl;
    this.tokenEndpoint = tokenEndpoint;
    this.returnUrl = returnUrl;
  }

  /**
   * Listens on {@code 127.0.0.1:<port>} and registers {@code http://localhost:<port>/return} for
   * {@code platform-a} through the gateway (which must be ready). {@code pagesOrigin} (idnet's
   * pages) joins its CSP's {@code form-action}: "/start" answers 303 there, which Chromium follows
   * only if the form's page lists it (docs/pages.md section 1).
   */
  static SandboxPlatformPage start(int port, String gatewayUrl, String tokenEndpoint, String pagesOrigin) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen for the sample platform on 127.0.0.1:" + port
          + " (IDNET_SAMPLE_PLATFORM_PORT sets another port)", e);
    }
    ExecutorService threads = Executors.newFixedThreadPool(4);
    SandboxPlatformPage page = new SandboxPlatformPage(server, threads, gatewayUrl, tokenEndpoint,
        "http://localhost:" + port + "/return", pagesOrigin);
    try {
      page.registerReturnUrl();
    } catch (RuntimeException e) {
      threads.shutdownNow();
      throw e;
    }
    server.createContext("/", page::handle);
    server.setExecutor(threads);
    server.start();
    return page;
  }

  String url() {
    return "http://localhost:" + server.getAddress().getPort();
  }

  String returnUrl() {
    return returnUrl;
  }

  /** Registers {@link #returnUrl} unless {@code platform-a} already has it. */
  private void registerReturnUrl() {
    HttpResponse<String> listed = call("GET", "/v1/return-urls", null);
    if (listed.statusCode() != 200) {
      throw new IllegalStateException("the sample platform cannot list its return URLs: " + listed.statusCode()
          + " " + listed.body());
    }
    for (JsonNode registered : json(listed.body()).path("returnUrls")) {
      if (registered.path("url").asText().equals(returnUrl)) {
        return;
      }
    }
    ObjectNode body = JSON.createObjectNode().put("url", returnUrl);
    HttpResponse<String> created = call("POST", "/v1/return-urls", body);
    if (created.statusCode() != 201 && created.statusCode() != 200) {
      throw new IllegalStateException("the sample platform cannot register " + returnUrl + ": " + created.statusCode()
          + " " + created.body());
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (path.equals("/") && method.equals("GET")) {
        home(exchange);
      } else if (path.equals("/start") && method.equals("POST")) {
        start(exchange);
      } else if (path.equals("/return") && method.equals("GET")) {
        back(exchange);
      } else if (path.equals("/") || path.equals("/start") || path.equals("/return")) {
        page(exchange, 405, "Not allowed", "<p>This address does not take a " + escape(method) + ".</p>", null);
      } else {
        page(exchange, 404, "Not found", "<p>Nothing here. <a href=\"/\">Back to the start</a>.</p>", null);
      }
    } catch (RuntimeException e) {
      page(exchange, 502, "idnet did not answer as expected", "<p>" + escape(String.valueOf(e.getMessage()))
          + "</p><p><a href=\"/\">Back to the start</a>.</p>", null);
    }
  }

  private void home(HttpExchange exchange) throws IOException {
    String cookie = cookie(exchange, USER_COOKIE);
    SignedIn user = cookie == null ? null : signedIn.get(cookie);
    String setCookie = null;
    if (user == null || user.expires().isBefore(Instant.now())) {
      forgetOldSignIns();
      cookie = randomToken();
      user = new SignedIn("web-demo-" + accounts.incrementAndGet(), randomToken(), Instant.now().plus(STATE_LIFETIME));
      signedIn.put(cookie, user);
      setCookie = USER_COOKIE + "=" + cookie + "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + STATE_LIFETIME.toSeconds();
    }
    page(exchange, 200, "Sample platform", """
        <p>You are signed in to the sample platform as <strong id="account">%1$s</strong>. Verify this account with idnet:
        idnet's pages ask for your phone number and, for a real name, your identity; this platform only
        learns the result.</p>
        <form method="post" action="/start">
          <input type="hidden" name="csrf" value="%2$s">
          <fieldset>
            <legend>Level to reach</legend>
            <p><input type="radio" id="level-real-name" name="level" value="REAL_NAME" checked>
            <label for="level-real-name">Real name (phone, then identity)</label></p>
            <p><input type="radio" id="level-phone" name="level" value="PHONE">
            <label for="level-phone">Phone number only</label></p>
          </fieldset>
          <p><label for="guardian">Guardian's account on this platform (for a minor; optional)</label>
          <input type="text" id="guardian" name="guardian" pattern="[A-Za-z0-9._:@-]{1,128}" autocomplete="off"></p>
          <p><label for="locale">Language of idnet's pages</label>
          <select id="locale" name="locale">
            <option value="vi">Tiếng Việt</option>
            <option value="en">English</option>
          </select></p>
          <p><button type="submit">Verify with idnet</button></p>
        </form>
        """.formatted(escape(user.accountId()), escape(user.formToken())), setCookie);
  }

  private void start(HttpExchange exchange) throws IOException {
    Map<String, String> form = parameters(new String(exchange.getRequestBody().readNBytes(8192), StandardCharsets.UTF_8));
    String cookie = cookie(exchange, USER_COOKIE);
    SignedIn user = cookie == null ? null : signedIn.get(cookie);
    String origin = exchange.getRequestHeaders().getFirst("Origin");
    if (user == null || user.expires().isBefore(Instant.now())
        || !MessageDigest.isEqual(user.formToken().getBytes(StandardCharsets.UTF_8),
            form.getOrDefault("csrf", "").getBytes(StandardCharsets.UTF_8))
        || (origin != null && !origin.equals(url()) && !origin.equals(url().replace("localhost", "127.0.0.1")))) {
      page(exchange, 403, "Error: not a request of this page", "<p id=\"refused\">Start again from"
          + " <a href=\"/\">the start</a>: this request did not come from this platform's page in this browser.</p>", null);
      return;
    }
    String account = user.accountId();
    String level = form.getOrDefault("level", "REAL_NAME");
    String guardian = form.getOrDefault("guardian", "").trim();
    String locale = form.getOrDefault("locale", "vi");
    if (!(level.equals("REAL_NAME") || level.equals("PHONE"))
        || !(locale.equals("vi") || locale.equals("en")) || !guardian.matches("[A-Za-z0-9._:@-]{0,128}")) {
      page(exchange, 400, "Error: not a request of this page", "<p>Start again from <a href=\"/\">the start</a>.</p>", null);
      return;
    }
    String state = randomToken();
    ObjectNode body = JSON.createObjectNode().put("accountId", account).put("returnUrl", returnUrl)
        .put("state", state).put("level", level).put("locale", locale).put("accountLabel", account);
    if (!guardian.isEmpty()) {
      body.put("guardianAccountId", guardian);
    }
    HttpResponse<String> created = call("POST", "/v1/verification-sessions", body,
        "Idempotency-Key", UUID.randomUUID().toString());
    if (created.statusCode() != 201) {
      page(exchange, 502, "Error: idnet refused the session", "<p>idnet answered " + created.statusCode() + " <code>"
          + escape(json(created.body()).path("code").asText("")) + "</code>.</p><p><a href=\"/\">Back to the start</a>.</p>",
          null);
      return;
    }
    forgetOldStates();
    pending.put(state, new Pending(account, Instant.now().plus(STATE_LIFETIME)));
    exchange.getResponseHeaders().add("Set-Cookie", STATE_COOKIE + "=" + state + "; Path=/; HttpOnly; SameSite=Lax; Max-Age="
        + STATE_LIFETIME.toSeconds());
    exchange.getResponseHeaders().add("Location", json(created.body()).path("url").asText());
    exchange.getResponseHeaders().add("Cache-Control", "no-store");
    exchange.sendResponseHeaders(303, -1);
  }

  private void back(HttpExchange exchange) throws IOException {
    Map<String, String> query = parameters(Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse(""));
    String state = query.getOrDefault("state", "");
    String result = query.getOrDefault("result", "");
    String cookie = cookie(exchange, STATE_COOKIE);
    String expire = STATE_COOKIE + "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0";
    Pending started = cookie == null ? null : pending.get(cookie);
    if (cookie == null || state.isEmpty() || started == null || started.expires().isBefore(Instant.now())
        || !MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8), state.getBytes(StandardCharsets.UTF_8))) {
      page(exchange, 400, "Error: refused", "<p id=\"refused\">Refused: not this session. This browser did not start the"
          + " verification this result belongs to.</p><p><a href=\"/\">Back to the start</a>.</p>", null);
      return;
    }
    pending.remove(cookie);
    HttpResponse<String> redeemed = call("POST", "/v1/verification-results/redemptions",
        JSON.createObjectNode().put("result", result));
    if (redeemed.statusCode() != 200) {
      page(exchange, 400, "Error: refused", "<p id=\"refused\">Refused: idnet does not know this result (answer "
          + redeemed.statusCode() + " <code>" + escape(json(redeemed.body()).path("code").asText("")) + "</code>).</p>"
          + "<p><a href=\"/\">Back to the start</a>.</p>", expire);
      return;
    }
    JsonNode answer = json(redeemed.body());
    if (!answer.path("accountId").asText().equals(started.accountId()) || !answer.path("state").asText().equals(state)) {
      page(exchange, 400, "Error: refused", "<p id=\"refused\">Refused: the result is for another account.</p>"
          + "<p><a href=\"/\">Back to the start</a>.</p>", expire);
      return;
    }
    JsonNode verification = answer.path("verification");
    StringBuilder capabilities = new StringBuilder();
    for (JsonNode capability : verification.path("capabilities")) {
      capabilities.append(capabilities.isEmpty() ? "" : ", ").append(capability.asText());
    }
    page(exchange, 200, "Verification result", """
        <p>idnet's answer for <strong>%s</strong>:</p>
        <dl>
          <dt>Outcome</dt><dd id="outcome">%s</dd>
          <dt>Level asked</dt><dd id="level-asked">%s</dd>
          <dt>Level now</dt><dd id="level">%s</dd>
          <dt>Capabilities</dt><dd id="capabilities">%s</dd>
        </dl>
        <p><a href="/">Verify another account</a></p>
        """.formatted(escape(started.accountId()), escape(answer.path("outcome").asText()),
        escape(answer.path("levelAsked").asText()), escape(verification.path("level").asText()),
        capabilities.isEmpty() ? "none" : escape(capabilities.toString())), expire);
  }

  private void forgetOldStates() {
    Instant now = Instant.now();
    pending.values().removeIf(p -> p.expires().isBefore(now));
    for (Iterator<String> oldest = pending.keySet().iterator(); pending.size() >= MAX_PENDING && oldest.hasNext(); ) {
      oldest.next();
      oldest.remove();
    }
  }

  private void forgetOldSignIns() {
    Instant now = Instant.now();
    signedIn.values().removeIf(user -> user.expires().isBefore(now));
    for (Iterator<String> oldest = signedIn.keySet().iterator(); signedIn.size() >= MAX_PENDING && oldest.hasNext(); ) {
      oldest.next();
      oldest.remove();
    }
  }

  private void page(HttpExchange exchange, int status, String title, String body, String setCookie)
      throws IOException {
    byte[] html = ("""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>%1$s</title>
        </head>
        <body>
        <main>
        <h1>%1$s</h1>
        %2$s
        </main>
        </body>
        </html>
        """.formatted(escape(title), body)).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
    exchange.getResponseHeaders().add("Cache-Control", "no-store");
    exchange.getResponseHeaders().add("Content-Security-Policy",
        "default-src 'none'; form-action 'self' " + pagesOrigin + "; frame-ancestors 'none'; base-uri 'none'");
    exchange.getResponseHeaders().add("Referrer-Policy", "same-origin");
    exchange.getResponseHeaders().add("X-Content-Type-Options", "nosniff");
    if (setCookie != null) {
      exchange.getResponseHeaders().add("Set-Cookie", setCookie);
    }
    exchange.sendResponseHeaders(status, html.length);
    exchange.getResponseBody().write(html);
  }

  /** A call to the gateway as {@code platform-a}. */
  private HttpResponse<String> call(String method, String path, JsonNode body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gatewayUrl + path)).timeout(ANSWER_WITHIN)
        .header("Authorization", "Bearer " + token())
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request.build());
  }

  /** platform-a's token from the issuer's token endpoint, kept until shortly before it expires. */
  private synchronized String token() {
    if (token != null && Instant.now().isBefore(tokenRenewal)) {
      return token;
    }
    String basic = Base64.getEncoder().encodeToString((PLATFORM + ":" + PLATFORM_SECRET).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(tokenEndpoint)).timeout(ANSWER_WITHIN)
        .header("Authorization", "Basic " + basic)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("the issuer refused platform-a's token: " + response.statusCode());
    }
    JsonNode answer = json(response.body());
    token = answer.path("access_token").asText();
    long lifetime = answer.path("expires_in").asLong(60);
    tokenRenewal = Instant.now().plusSeconds(Math.max(0, lifetime - TOKEN_MARGIN.toSeconds()));
    return token;
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("no answer from " + request.uri().getHost() + ":" + request.uri().getPort(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static JsonNode json(String body) {
    try {
      return JSON.readTree(body == null || body.isEmpty() ? "{}" : body);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  /** 32 random bytes, base64url: 43 characters, within the contract's {@code state} alphabet. */
  private static String randomToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** {@code a=1&b=2} (a query or a form body); the first value of each name. */
  static Map<String, String> parameters(String encoded) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
      String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      values.putIfAbsent(name, value);
    }
    return values;
  }

  private static String cookie(HttpExchange exchange, String name) {
    Map<String, String> found = new HashMap<>();
    for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", java.util.List.of())) {
      // Browsers send name=value; pairs. Java's cookie store sends the RFC 2965 form
      // ($Version="1", name="value";$Path="/"): attributes start with $, values may be quoted.
      for (String part : header.split("[;,]")) {
        int equals = part.indexOf('=');
        String key = equals > 0 ? part.substring(0, equals).trim() : "";
        if (!key.isEmpty() && !key.startsWith("$")) {
          String value = part.substring(equals + 1).trim();
          if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
          }
          found.putIfAbsent(key, value);
        }
      }
    }
    return found.get(name);
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  @Override
  public String toString() {
    return "the sandbox's sample platform";
  }
}
