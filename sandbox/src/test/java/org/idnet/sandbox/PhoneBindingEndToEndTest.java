package org.idnet.sandbox;

import static org.idnet.sandbox.SharedNetwork.HTTP;
import static org.idnet.sandbox.SharedNetwork.get;
import static org.idnet.sandbox.SharedNetwork.json;
import static org.idnet.sandbox.SharedNetwork.post;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The slice as a platform lives it: the real network (embedded PostgreSQL and Redis, the OIDC
 * issuer, every service and the gateway as processes, exactly as the sandbox starts them), walked
 * over HTTP with tokens from the issuer's token endpoint.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(1)
class PhoneBindingEndToEndTest {

  static final List<String> secrets = new ArrayList<>();
  static SandboxNetwork network;

  @BeforeAll
  static void startNetwork() throws Exception {
    network = SharedNetwork.get();
  }

  @Test
  @Order(1)
  void aPlatformBindsAPhoneAndTheAccountReadsPhoneVerified() throws Exception {
    String tokenA = SharedNetwork.token("platform-a");
    String tokenB = SharedNetwork.token("platform-b");
    String account = "e2e-alice";

    HttpResponse<String> before = get("/v1/accounts/" + account + "/verification", tokenA);
    assertThat(before.statusCode()).isEqualTo(200);
    assertThat(json(before).get("level").asText()).isEqualTo("NONE");
    assertThat(json(before).get("status").asText()).isEqualTo("UNVERIFIED");

    HttpResponse<String> created = post("/v1/phone-verifications", tokenA,
        "{\"accountId\":\"" + account + "\",\"phoneNumber\":\"0912345678\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode verification = json(created);
    String id = verification.get("id").asText();
    assertThat(verification.get("status").asText()).isEqualTo("PENDING");
    assertThat(verification.get("phoneNumber").asText()).isEqualTo("+8491*****78");

    // Another platform cannot see it: exactly like an unknown id.
    HttpResponse<String> foreign = get("/v1/phone-verifications/" + id, tokenB);
    HttpResponse<String> unknown = get("/v1/phone-verifications/no-such-verification-id", tokenB);
    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(foreign).get("code")).isEqualTo(json(unknown).get("code"));
    assertThat(foreign.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));

    HttpResponse<String> sms = HTTP.send(HttpRequest.newBuilder(URI.create(network.gatewayUrl() + "/sandbox/sms?to="
        + URLEncoder.encode("+84912345678", StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(sms.statusCode()).isEqualTo(200);
    String text = json(sms).get(0).get("text").asText();
    Matcher code = Pattern.compile("\\b(\\d{6})\\b").matcher(text);
    assertThat(code.find()).as(text).isTrue();

    HttpResponse<String> wrong = post("/v1/phone-verifications/" + id + "/check", tokenA,
        "{\"code\":\"" + (code.group(1).equals("000000") ? "111111" : "000000") + "\"}");
    assertThat(wrong.statusCode()).isEqualTo(200);
    assertThat(json(wrong).get("status").asText()).isEqualTo("PENDING");
    assertThat(json(wrong).get("attemptsRemaining").asInt()).isEqualTo(4);

    HttpResponse<String> approved = post("/v1/phone-verifications/" + id + "/check", tokenA,
        "{\"code\":\"" + code.group(1) + "\"}");
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    assertThat(json(approved).get("status").asText()).isEqualTo("APPROVED");

    HttpResponse<String> reused = post("/v1/phone-verifications/" + id + "/check", tokenA,
        "{\"code\":\"" + code.group(1) + "\"}");
    assertThat(reused.statusCode()).isEqualTo(409);
    assertThat(json(reused).get("code").asText()).isEqualTo("verification-closed");

    HttpResponse<String> after = get("/v1/accounts/" + account + "/verification", tokenA);
    JsonNode answer = json(after);
    assertThat(answer.get("status").asText()).isEqualTo("VERIFIED");
    assertThat(answer.get("level").asText()).isEqualTo("PHONE");
    assertThat(answer.get("capabilities")).extracting(JsonNode::asText).containsExactly("COMMENT", "POST", "LIVESTREAM");
    assertThat(answer.has("subjectId")).isFalse();

    // The same account id on another platform is another account.
    assertThat(json(get("/v1/accounts/" + account + "/verification", tokenB)).get("level").asText()).isEqualTo("NONE");
    secrets.add(code.group(1));
    secrets.add(tokenA);
  }

  @Test
  @Order(2)
  void aRepeatWithTheSameIdempotencyKeyAnswersTheSameVerificationAndSendsNoSecondSms() throws Exception {
    String token = SharedNetwork.token("platform-a");
    String body = "{\"accountId\":\"e2e-idempotent\",\"phoneNumber\":\"0987650001\"}";
    HttpResponse<String> first = SharedNetwork.send("POST", "/v1/phone-verifications", token, body,
        "Idempotency-Key", "e2e-signup-1");
    HttpResponse<String> again = SharedNetwork.send("POST", "/v1/phone-verifications", token, body,
        "Idempotency-Key", "e2e-signup-1");
    HttpResponse<String> otherBody = SharedNetwork.send("POST", "/v1/phone-verifications", token,
        body.replace("0987650001", "0987650002"), "Idempotency-Key", "e2e-signup-1");

    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
    assertThat(json(again)).isEqualTo(json(first));
    assertThat(otherBody.statusCode()).isEqualTo(422);
    assertThat(json(otherBody).get("code").asText()).isEqualTo("idempotency-key-reused");
    HttpResponse<String> sms = HTTP.send(HttpRequest.newBuilder(URI.create(network.gatewayUrl() + "/sandbox/sms?to="
        + URLEncoder.encode("+84987650001", StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(json(sms)).hasSize(1);
    secrets.add("987650001");
    secrets.add("987650002");
  }

  @Test
  @Order(3)
  void noLogLineOfAnyProcessHoldsTheNumberTheCodeOrTheToken() throws Exception {
    List<String> lines = new ArrayList<>();
    // The network's own files; the build's log scan (log-check) reads them again with its patterns.
    try (var logs = Files.list(SharedNetwork.LOGS.directory())) {
      for (Path log : logs.filter(l -> l.getFileName().toString().startsWith(SharedNetwork.LOGS.prefix())).toList()) {
        lines.addAll(Files.readAllLines(log));
      }
    }
    assertThat(lines).isNotEmpty();
    secrets.add("912345678");
    for (String secret : secrets) {
      assertThat(lines).noneMatch(line -> line.contains(secret));
    }
  }

  @Test
  @Order(2)
  void theEdgeRefusesWhatItMust() throws Exception {
    HttpResponse<String> badSecret = HTTP.send(HttpRequest.newBuilder(URI.create(network.tokenEndpoint()))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("platform-a:wrong".getBytes()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(badSecret.statusCode()).isIn(400, 401);
    assertThat(badSecret.body()).doesNotContain("access_token");

    assertThat(get("/v1/accounts/x/verification", null).statusCode()).isEqualTo(401);
    String carrier = SharedNetwork.token("carrier-1");
    assertThat(get("/v1/accounts/x/verification", carrier).statusCode()).isEqualTo(403);

    String tokenA = SharedNetwork.token("platform-a");
    HttpResponse<String> invalidPhone = post("/v1/phone-verifications", tokenA, "{\"accountId\":\"bob\",\"phoneNumber\":\"12\"}");
    assertThat(invalidPhone.statusCode()).isEqualTo(400);
    assertThat(json(invalidPhone).get("code").asText()).isEqualTo("invalid-phone-number");
    HttpResponse<String> massAssignment = post("/v1/phone-verifications", tokenA,
        "{\"accountId\":\"bob\",\"phoneNumber\":\"0912345678\",\"status\":\"APPROVED\"}");
    assertThat(massAssignment.statusCode()).isEqualTo(400);
    HttpResponse<String> badAccount = get("/v1/accounts/" + "a".repeat(129) + "/verification", tokenA);
    assertThat(badAccount.statusCode()).isEqualTo(400);
  }
}
