package org.idnet.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.sandbox.SharedNetwork.json;
import static org.idnet.sandbox.SharedNetwork.post;
import static org.idnet.sandbox.SharedNetwork.send;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The gateway's near cache on the real network: identity-service names each answer's opaque key,
 * the gateway keeps the answer, and after a carrier's number event or an account's closure the
 * gateway's answer changes within the 1 s bound - by the announcement identity-service publishes
 * on Redis, which the gateway's metrics show it received. (Lost announcements, Redis down, forged
 * messages and platform isolation: NearCachePushTest and NearCacheLostAnnouncementTest, gateway.)
 */
@Order(4)
class NearCacheEndToEndTest {

  static final Duration BOUND = Duration.ofSeconds(1);

  @Test
  void afterANumberEventOrAClosureNoAnswerFromBeforeIsServedMoreThanOneSecondLater() throws Exception {
    String a = SharedNetwork.token("platform-a");
    bindPhone(a, "e2e-near-recycled", "0987654331");
    bindPhone(a, "e2e-near-closed", "0987654332");
    double hitsBefore = metric("idnet_gateway_near_cache_requests_total{result=\"hit\"");
    double announcementsBefore = metric("idnet_gateway_near_cache_invalidations_total");
    for (int i = 0; i < 3; i++) {
      assertThat(status(a, "e2e-near-recycled")).isEqualTo("VERIFIED");
      assertThat(status(a, "e2e-near-closed")).isEqualTo("VERIFIED");
    }
    assertThat(metric("idnet_gateway_near_cache_requests_total{result=\"hit\"")).as("answers kept by the gateway")
        .isGreaterThan(hitsBefore);

    String carrier = SharedNetwork.token("carrier-1");
    String event = "{\"phoneNumber\":\"+84987654331\",\"type\":\"DISCONNECTED\",\"occurredAt\":\""
        + java.time.Instant.now().plusSeconds(1) + "\"}";
    assertThat(post("/v1/number-events", carrier, event).statusCode()).isEqualTo(202);
    long recycled = System.nanoTime();
    assertThat(changedWithinBound(a, "e2e-near-recycled", recycled)).isEqualTo("REVOKED");

    assertThat(send("DELETE", "/v1/accounts/e2e-near-closed", a, null).statusCode()).isEqualTo(204);
    long closed = System.nanoTime();
    assertThat(changedWithinBound(a, "e2e-near-closed", closed)).isEqualTo("REVOKED");

    assertThat(metric("idnet_gateway_near_cache_invalidations_total")).as("announcements the gateway received")
        .isGreaterThan(announcementsBefore);
  }

  /** Asks until the answer is no longer VERIFIED; fails if an old answer comes from a request made after the bound. */
  private static String changedWithinBound(String token, String account, long changedAt) throws Exception {
    while (true) {
      long asked = System.nanoTime();
      String status = status(token, account);
      if (!status.equals("VERIFIED")) {
        System.out.printf("near cache e2e: %s changed %.1f ms after the change was acknowledged%n", account,
            (System.nanoTime() - changedAt) / 1e6);
        return status;
      }
      assertThat(asked - changedAt).as("an answer from before the change, asked more than 1 s after it")
          .isLessThanOrEqualTo(BOUND.toNanos());
      Thread.sleep(5);
    }
  }

  private static String status(String token, String account) throws Exception {
    HttpResponse<String> answer = SharedNetwork.get("/v1/accounts/" + account + "/verification", token);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return json(answer).get("status").asText();
  }

  /** A gateway metric from its Prometheus endpoint (management port, loopback); 0 if absent. */
  private static double metric(String prefix) throws Exception {
    int port = SharedNetwork.get().settings().gatewayManagementPort();
    HttpResponse<String> scrape = SharedNetwork.HTTP.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).timeout(SharedNetwork.ANSWER_WITHIN).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(scrape.statusCode()).isEqualTo(200);
    double sum = 0;
    for (String line : scrape.body().split("\n")) {
      if (line.startsWith(prefix)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  private static void bindPhone(String token, String account, String phone) throws Exception {
    HttpResponse<String> created = post("/v1/phone-verifications", token,
        "{\"accountId\":\"" + account + "\",\"phoneNumber\":\"" + phone + "\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = json(created).get("id").asText();
    String e164 = "+84" + phone.substring(1);
    HttpResponse<String> sms = SharedNetwork.get("/sandbox/sms?to=" + URLEncoder.encode(e164, StandardCharsets.UTF_8),
        null);
    Matcher code = Pattern.compile("\\b(\\d{6})\\b").matcher(json(sms).get(0).get("text").asText());
    assertThat(code.find()).isTrue();
    HttpResponse<String> checked = post("/v1/phone-verifications/" + id + "/check", token,
        "{\"code\":\"" + code.group(1) + "\"}");
    assertThat(json(checked).get("status").asText()).as(checked.body()).isEqualTo("APPROVED");
  }
}
