package org.idnet.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.InstantSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.idnet.client.Transport.Retry;
import org.idnet.client.accounts.AccountVerification;
import org.idnet.client.accounts.RealName;
import org.idnet.client.errors.IdnetException;
import org.idnet.client.imports.AccountImport;
import org.idnet.client.imports.BatchReceipt;
import org.idnet.client.imports.ImportLine;
import org.idnet.client.imports.RefusalPage;
import org.idnet.client.phone.PhoneVerification;
import org.idnet.client.webhooks.WebhookEndpoint;

/**
 * A platform's client of idnet's REST API (api.md, "Platform routes"). Thread-safe: build one per
 * platform credential and share it.
 *
 * <pre>{@code
 * IdnetClient idnet = IdnetClient.builder()
 *     .baseUrl("https://api.idnet.example")
 *     .tokenUrl("https://login.idnet.example/realms/idnet/protocol/openid-connect/token")
 *     .clientId("my-platform").clientSecret(secret)
 *     .build();
 * if (idnet.checkAccount("alice").can(Capability.POST)) { ... }
 * }</pre>
 *
 * <p>Tokens come from the client-credentials grant and are cached until shortly before they
 * expire; a 401 gets one new token and one more try. Reads (account checks and look-ups, reading a
 * phone verification) and starting a phone verification (it carries an Idempotency-Key, generated
 * once per call and sent again on each retry), and the bulk-import calls (opening one carries an
 * Idempotency-Key, a batch is idempotent by its number, completing twice is completing once) are
 * retried on 429 and 503, honouring
 * {@code Retry-After} up to {@link Builder#maxRetryWait}, and on a failed connection; checking a
 * code, resending one and registering a real name are never repeated by the client. A refusal is
 * an {@link org.idnet.client.errors.IdnetProblemException}.
 */
public final class IdnetClient {

  /** The most ids one look-up request carries (api.md); {@link #lookupAccounts} sends more in several. */
  public static final int LOOKUP_BATCH = 500;
  /** The most lines one import batch carries. */
  public static final int IMPORT_BATCH = 1000;

  private final Transport transport;

  private IdnetClient(Transport transport) {
    this.transport = transport;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code GET /v1/accounts/{accountId}/verification}: what one of the platform's accounts may do. */
  public AccountVerification checkAccount(String accountId) {
    String body = transport.send("GET", "/v1/accounts/" + segment(accountId) + "/verification", null, Retry.SAFE);
    return Json.accountVerification(Json.read(body));
  }

  /**
   * {@code POST /v1/accounts/verification-lookups}: many accounts at once, answered in the order
   * asked (duplicates answered in place). More than {@value #LOOKUP_BATCH} ids go in consecutive
   * requests of at most {@value #LOOKUP_BATCH}; an empty list asks nothing.
   */
  public List<AccountVerification> lookupAccounts(List<String> accountIds) {
    List<AccountVerification> results = new ArrayList<>(accountIds.size());
    for (int from = 0; from < accountIds.size(); from += LOOKUP_BATCH) {
      List<String> batch = accountIds.subList(from, Math.min(accountIds.size(), from + LOOKUP_BATCH));
      ObjectNode request = Json.object();
      ArrayNode ids = request.putArray("accountIds");
      batch.forEach(id -> ids.add(Objects.requireNonNull(id, "accountIds contains null")));
      // A look-up is a read: safe to repeat.
      JsonNode answer = Json.read(transport.send("POST", "/v1/accounts/verification-lookups", Json.write(request),
          Retry.SAFE));
      JsonNode batchResults = answer.path("results");
      if (batchResults.size() != batch.size()) {
        throw new IdnetException("idnet answered " + batchResults.size() + " results for " + batch.size() + " ids");
      }
      batchResults.forEach(result -> results.add(Json.accountVerification(result)));
    }
    return results;
  }

  /**
   * {@code POST /v1/phone-verifications}: sends a code by SMS to the number (national or
   * international form) for one of the platform's accounts. An Idempotency-Key is generated for
   * this call and sent with each of its retries, so a retry never sends a second SMS.
   */
  public PhoneVerification startPhoneVerification(String accountId, String phoneNumber) {
    return startPhoneVerification(accountId, phoneNumber, UUID.randomUUID().toString());
  }

  /**
   * As {@link #startPhoneVerification(String, String)} with the platform's own Idempotency-Key
   * (1-64 printable characters), for a platform that retries across restarts: the same key and
   * body within 24 h answers the first verification and sends nothing.
   */
  public PhoneVerification startPhoneVerification(String accountId, String phoneNumber, String idempotencyKey) {
    ObjectNode request = Json.object()
        .put("accountId", Objects.requireNonNull(accountId, "accountId"))
        .put("phoneNumber", Objects.requireNonNull(phoneNumber, "phoneNumber"));
    String body = transport.send("POST", "/v1/phone-verifications", Json.write(request), Retry.SAFE,
        "Idempotency-Key", Objects.requireNonNull(idempotencyKey, "idempotencyKey"));
    return Json.phoneVerification(Json.read(body));
  }

  /** {@code GET /v1/phone-verifications/{id}}: one of the platform's verifications. */
  public PhoneVerification getPhoneVerification(String verificationId) {
    String body = transport.send("GET", "/v1/phone-verifications/" + segment(verificationId), null, Retry.SAFE);
    return Json.phoneVerification(Json.read(body));
  }

  /**
   * {@code POST /v1/phone-verifications/{id}/check}: the code the user typed. The right one
   * approves (status APPROVED, the number bound); a wrong one answers PENDING with an attempt less.
   * Never retried: a check spends an attempt.
   */
  public PhoneVerification checkPhoneVerification(String verificationId, String code) {
    ObjectNode request = Json.object().put("code", Objects.requireNonNull(code, "code"));
    String body = transport.send("POST", "/v1/phone-verifications/" + segment(verificationId) + "/check",
        Json.write(request), Retry.NEVER);
    return Json.phoneVerification(Json.read(body));
  }

  /**
   * {@code POST /v1/phone-verifications/{id}/resend}: a new code, once {@code resendAvailableAt}
   * has passed (before it: 429 with Retry-After). Never retried: each send is an SMS.
   */
  public PhoneVerification resendPhoneVerification(String verificationId) {
    String body = transport.send("POST", "/v1/phone-verifications/" + segment(verificationId) + "/resend", "{}",
        Retry.NEVER);
    return Json.phoneVerification(Json.read(body));
  }

  /**
   * {@code PUT /v1/accounts/{accountId}/real-name}: the real name behind one of the platform's
   * accounts, checked against the population register (REAL_NAME, a pairwise subject id). Failed
   * confirmations count against the citizen id, so it is retried only when idnet refused it before
   * asking the register: 429 {@code confirmation-in-progress} (other registrations of that national
   * id are with the register right now) or {@code rate-limited}, after their {@code Retry-After}.
   */
  public AccountVerification registerRealName(String accountId, RealName realName) {
    ObjectNode request = Json.object()
        .put("fullName", realName.fullName())
        .put("nationalId", realName.nationalId())
        .put("dateOfBirth", realName.dateOfBirth().toString());
    realName.guardianAccountId().ifPresent(guardian -> request.put("guardianAccountId", guardian));
    String body = transport.send("PUT", "/v1/accounts/" + segment(accountId) + "/real-name", Json.write(request),
        Retry.REFUSED_UNDONE);
    return Json.accountVerification(Json.read(body));
  }

  /**
   * {@code POST /v1/webhooks}: registers an endpoint of the platform for the event types named
   * ({@code account.verification_changed}, {@code binding.revoked}, {@code account.closed},
   * {@code notice.available}). The answer carries the signing secret, the only time idnet shows it.
   * An Idempotency-Key is generated for this call and sent with each of its retries, so a retry
   * never registers a second endpoint.
   */
  public WebhookEndpoint createWebhookEndpoint(String url, List<String> eventTypes) {
    return createWebhookEndpoint(url, eventTypes, 0, 0);
  }

  /**
   * As {@link #createWebhookEndpoint(String, List)}, with the deliveries in flight to it at once
   * (1-20) and the seconds idnet waits for its answer (1-30); 0 for idnet's defaults (5 and 10).
   */
  public WebhookEndpoint createWebhookEndpoint(String url, List<String> eventTypes, int maxInFlight,
      int timeoutSeconds) {
    ObjectNode request = Json.object().put("url", Objects.requireNonNull(url, "url"));
    Objects.requireNonNull(eventTypes, "eventTypes").forEach(request.putArray("eventTypes")::add);
    if (maxInFlight != 0) {
      request.put("maxInFlight", maxInFlight);
    }
    if (timeoutSeconds != 0) {
      request.put("timeoutSeconds", timeoutSeconds);
    }
    String body = transport.send("POST", "/v1/webhooks", Json.write(request), Retry.SAFE,
        "Idempotency-Key", UUID.randomUUID().toString());
    return Json.webhookEndpoint(Json.read(body));
  }

  /** {@code GET /v1/webhooks}: the platform's endpoints, oldest first, without secrets. */
  public List<WebhookEndpoint> listWebhookEndpoints() {
    String body = transport.send("GET", "/v1/webhooks", null, Retry.SAFE);
    List<WebhookEndpoint> endpoints = new ArrayList<>();
    Json.read(body).path("endpoints").forEach(node -> endpoints.add(Json.webhookEndpoint(node)));
    return endpoints;
  }

  /**
   * {@code DELETE /v1/webhooks/{id}}: nothing more is sent to it. Not retried: a retry after a lost
   * answer would find it gone (404).
   */
  public void deleteWebhookEndpoint(String endpointId) {
    transport.send("DELETE", "/v1/webhooks/" + segment(endpointId), null, Retry.NEVER);
  }

  /**
   * {@code POST /v1/webhooks/{id}/rotate-secret}: a new secret, answered once; for 24 hours
   * deliveries are signed with the old one too. Enables a disabled endpoint again. Not retried: a
   * retry would rotate once more.
   */
  public WebhookEndpoint rotateWebhookSecret(String endpointId) {
    String body = transport.send("POST", "/v1/webhooks/" + segment(endpointId) + "/rotate-secret", "{}",
        Retry.NEVER);
    return Json.webhookEndpoint(Json.read(body));
  }

  /**
   * {@code POST /v1/imports}: opens an import of phone bindings the platform verified itself
   * (docs/imports.md). An Idempotency-Key is generated for this call and sent with each of its
   * retries, so a retry opens no second import.
   */
  public AccountImport createImport() {
    String body = transport.send("POST", "/v1/imports", "{}", Retry.SAFE, "Idempotency-Key",
        UUID.randomUUID().toString());
    return Json.accountImport(Json.read(body));
  }

  /**
   * {@code POST /v1/imports/{id}/batches}: 1-{@value #IMPORT_BATCH} lines under a batch number.
   * Retried where safe: the same lines under the same number answer the same receipt and store
   * nothing twice (other lines under a used number: 409 {@code batch-differs}).
   */
  public BatchReceipt addImportBatch(String importId, int batchNumber, List<ImportLine> lines) {
    ObjectNode request = Json.object();
    request.put("batchNumber", batchNumber);
    ArrayNode array = request.putArray("lines");
    for (ImportLine line : lines) {
      ObjectNode node = array.addObject();
      node.put("line", line.line());
      node.put("accountId", line.accountId());
      node.put("phoneNumber", line.phoneNumber());
      node.put("verifiedAt", line.verifiedAt().toString());
    }
    String body = transport.send("POST", "/v1/imports/" + segment(importId) + "/batches", Json.write(request),
        Retry.SAFE);
    return Json.batchReceipt(Json.read(body));
  }

  /** {@code POST /v1/imports/{id}/complete}: no batch follows. Idempotent, so retried where safe. */
  public AccountImport completeImport(String importId) {
    String body = transport.send("POST", "/v1/imports/" + segment(importId) + "/complete", "{}", Retry.SAFE);
    return Json.accountImport(Json.read(body));
  }

  /** {@code GET /v1/imports/{id}}: status, counts, refusals counted by reason. */
  public AccountImport getImport(String importId) {
    return Json.accountImport(Json.read(transport.send("GET", "/v1/imports/" + segment(importId), null,
        Retry.SAFE)));
  }

  /**
   * {@code GET /v1/imports/{id}/refusals}: refused lines after {@code afterLine} (0: from the start),
   * at most {@code pageSize} (1-1000; 0: 100).
   */
  public RefusalPage listImportRefusals(String importId, int pageSize, int afterLine) {
    String body = transport.send("GET", "/v1/imports/" + segment(importId) + "/refusals?pageSize=" + pageSize
        + "&afterLine=" + afterLine, null, Retry.SAFE);
    return Json.refusalPage(Json.read(body));
  }

  /** One path segment, percent-encoded (RFC 3986 pchar); idnet's ids need none, but nothing breaks the path. */
  static String segment(String value) {
    Objects.requireNonNull(value, "id");
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~:@".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /** Settings of an {@link IdnetClient}; {@code baseUrl}, {@code tokenUrl}, {@code clientId} and {@code clientSecret} are required. */
  public static final class Builder {

    private URI baseUrl;
    private URI tokenUrl;
    private String clientId;
    private String clientSecret;
    private String scope;
    private HttpClient httpClient;
    private Duration requestTimeout = Duration.ofSeconds(30);
    private int maxRetries = 3;
    private Duration maxRetryWait = Duration.ofSeconds(30);
    private InstantSource clock = Clock.systemUTC();
    private Transport.Sleeper sleeper = duration -> Thread.sleep(duration.toMillis());

    private Builder() {
    }

    /** The gateway, e.g. {@code https://api.idnet.example} (the sandbox: {@code http://localhost:8080}). */
    public Builder baseUrl(String baseUrl) {
      String url = Objects.requireNonNull(baseUrl, "baseUrl");
      this.baseUrl = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
      return this;
    }

    /** The issuer's token endpoint ({@code token_endpoint} of its OpenID discovery document). */
    public Builder tokenUrl(String tokenUrl) {
      this.tokenUrl = URI.create(Objects.requireNonNull(tokenUrl, "tokenUrl"));
      return this;
    }

    public Builder clientId(String clientId) {
      this.clientId = Objects.requireNonNull(clientId, "clientId");
      return this;
    }

    public Builder clientSecret(String clientSecret) {
      this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
      return this;
    }

    /** A scope to ask the token endpoint for; none by default. */
    public Builder scope(String scope) {
      this.scope = scope;
      return this;
    }

    /**
     * The JDK HTTP client to use (proxy, TLS, executor); by default one of the client's own. It must
     * follow no redirects ({@code HttpClient.Redirect.NEVER}, the JDK's default): a redirect would
     * carry the bearer token or the client secret wherever it pointed.
     */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /** How long one HTTP exchange may take (default 30 s). */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = positive(requestTimeout, "requestTimeout");
      return this;
    }

    /** Retries of a call that is safe to repeat (default 3; 0 turns retries off). */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0) {
        throw new IllegalArgumentException("maxRetries must be 0 or more");
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * The longest wait before a retry (default 30 s): a {@code Retry-After} asking more is not
     * waited, the refusal is thrown with it for the caller to schedule.
     */
    public Builder maxRetryWait(Duration maxRetryWait) {
      this.maxRetryWait = positive(maxRetryWait, "maxRetryWait");
      return this;
    }

    Builder clock(InstantSource clock) {
      this.clock = clock;
      return this;
    }

    Builder sleeper(Transport.Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    public IdnetClient build() {
      httpsOrThisMachine(Objects.requireNonNull(baseUrl, "baseUrl is required"), "baseUrl");
      httpsOrThisMachine(Objects.requireNonNull(tokenUrl, "tokenUrl is required"), "tokenUrl");
      Objects.requireNonNull(clientId, "clientId is required");
      Objects.requireNonNull(clientSecret, "clientSecret is required");
      if (httpClient != null && httpClient.followRedirects() != HttpClient.Redirect.NEVER) {
        throw new IllegalArgumentException("the HttpClient must follow no redirects (HttpClient.Redirect.NEVER): "
            + "a redirect would carry the bearer token or the client secret to wherever it points");
      }
      HttpClient http = httpClient != null ? httpClient
          : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER)
              .build();
      ClientCredentials tokens = new ClientCredentials(http, tokenUrl, clientId, clientSecret, scope, requestTimeout,
          clock);
      return new IdnetClient(new Transport(http, baseUrl, tokens, requestTimeout, maxRetries, maxRetryWait, clock,
          sleeper));
    }

    /**
     * The client secret and the tokens go in clear text only to this machine (the house rule, README
     * module {@code loopback}): https, or http to localhost, 127.0.0.0/8 or [::1] as written, never
     * decided by resolving a name.
     */
    private static void httpsOrThisMachine(URI url, String name) {
      String host = url.getHost() == null ? "" : url.getHost();
      boolean thisMachine = host.equalsIgnoreCase("localhost") || host.equals("[::1]")
          || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
      if (!"https".equalsIgnoreCase(url.getScheme()) && !("http".equalsIgnoreCase(url.getScheme()) && thisMachine)) {
        throw new IllegalArgumentException(name + " must be an https URL (http only to localhost, 127.0.0.0/8 or"
            + " [::1]): the client secret and the tokens travel to it");
      }
    }

    private static Duration positive(Duration value, String name) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return value;
    }
  }
}
