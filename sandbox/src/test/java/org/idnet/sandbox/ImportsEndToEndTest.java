package org.idnet.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.sandbox.SharedNetwork.json;
import static org.idnet.sandbox.SharedNetwork.send;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Bulk import (docs/imports.md) as a platform meets it over HTTP on the real network: an import
 * opened once per Idempotency-Key, a batch of 1000 lines (over the general body limit, under the
 * imports class's), processed by identity-service's job, its refusals listed, its accounts reading
 * PHONE imported, another platform finding nothing, and a lawful disclosure's package labelling the
 * imported number IMPORTED with the platform's date.
 */
@Order(5)
class ImportsEndToEndTest {

  @Test
  void aPlatformImportsAThousandLinesAndItsAccountsReadPhoneImported() throws Exception {
    String a = SharedNetwork.token("platform-a");
    String b = SharedNetwork.token("platform-b");
    String key = "e2e-import-" + System.nanoTime();

    HttpResponse<String> created = send("POST", "/v1/imports", a, "{}", "Idempotency-Key", key);
    HttpResponse<String> repeated = send("POST", "/v1/imports", a, "{}", "Idempotency-Key", key);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = json(created).get("id").asText();
    assertThat(id).matches("imp_[A-Za-z0-9_-]{22}");
    assertThat(json(created).get("status").asText()).isEqualTo("OPEN");
    assertThat(json(repeated).get("id").asText()).isEqualTo(id);

    String verifiedAt = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS).toString();
    StringBuilder lines = new StringBuilder();
    for (int i = 1; i <= 1000; i++) {
      String account = i == 999 ? "not an id" : "e2e-imp-" + key + "-" + i;
      String phone = i == 1000 ? "0935800000" : "+849358" + String.format("%05d", i);
      lines.append(i == 1 ? "" : ",").append("{\"line\":").append(i).append(",\"accountId\":\"").append(account)
          .append("\",\"phoneNumber\":\"").append(phone).append("\",\"verifiedAt\":\"").append(verifiedAt)
          .append("\"}");
    }
    HttpResponse<String> stored = send("POST", "/v1/imports/" + id + "/batches", a,
        "{\"batchNumber\":1,\"lines\":[" + lines + "]}");
    assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
    assertThat(json(stored).get("lineCount").asInt()).isEqualTo(1000);
    HttpResponse<String> completed = send("POST", "/v1/imports/" + id + "/complete", a, "{}");
    assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);

    JsonNode report;
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    do {
      Thread.sleep(250);
      report = json(SharedNetwork.get("/v1/imports/" + id, a));
    } while (!"DONE".equals(report.path("status").asText()) && System.nanoTime() < until);

    assertThat(report.get("status").asText()).as(report.toString()).isEqualTo("DONE");
    assertThat(report.get("linesReceived").asLong()).isEqualTo(1000);
    assertThat(report.get("linesBound").asLong()).isEqualTo(998);
    assertThat(report.get("linesRefused").asLong()).isEqualTo(2);
    JsonNode first = json(SharedNetwork.get("/v1/imports/" + id + "/refusals?pageSize=1", a));
    assertThat(first.at("/refusals/0/line").asInt()).isEqualTo(999);
    assertThat(first.at("/refusals/0/reason").asText()).isEqualTo("invalid-account-id");
    JsonNode rest = json(SharedNetwork.get("/v1/imports/" + id + "/refusals?pageSize=1&afterLine="
        + first.get("nextAfterLine").asInt(), a));
    assertThat(rest.at("/refusals/0/line").asInt()).isEqualTo(1000);
    assertThat(rest.at("/refusals/0/reason").asText()).isEqualTo("invalid-phone-number");
    JsonNode account = json(SharedNetwork.get("/v1/accounts/e2e-imp-" + key + "-1/verification", a));
    assertThat(account.get("level").asText()).isEqualTo("PHONE");
    assertThat(account.get("phoneSource").asText()).isEqualTo("IMPORTED");
    assertThat(account.get("verifiedAt").asText()).isEqualTo(verifiedAt);

    HttpResponse<String> others = SharedNetwork.get("/v1/imports/" + id, b);
    assertThat(others.statusCode()).isEqualTo(404);
    assertThat(json(others).get("code").asText()).isEqualTo("import-not-found");

    // A lawful disclosure of the imported account's number: the package says the proof is the
    // platform's import, and when the platform verified the number.
    JsonNode pkg = disclosedPackage("e2e-imp-" + key + "-1");
    assertThat(pkg.at("/fields/phoneNumber").asText()).isEqualTo("+84935800001");
    assertThat(pkg.at("/fields/phoneSource").asText()).isEqualTo("IMPORTED");
    assertThat(pkg.at("/fields/phonePlatformVerifiedAt").asText()).isEqualTo(verifiedAt);
  }

  /** Files a PHONE_NUMBER request for platform-a's account as officer-1, approved by supervisor-1; its package. */
  static JsonNode disclosedPackage(String account) throws Exception {
    String officer = SharedNetwork.token("officer-1");
    String supervisor = SharedNetwork.token("supervisor-1");
    HttpResponse<String> filed = send("POST", "/v1/disclosure-requests", officer, "{\"target\":{\"platformId\":"
        + "\"platform-a\",\"accountId\":\"" + account + "\"},\"legalBasis\":\"VN-CYBERSEC-2018-ART26\","
        + "\"caseReference\":\"2026/E2E-IMPORT\",\"fields\":[\"PHONE_NUMBER\"],"
        + "\"justification\":\"Identify the holder of an account used in a fraud under investigation.\"}");
    assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
    String request = json(filed).get("id").asText();
    HttpResponse<String> approved = send("POST", "/v1/disclosure-requests/" + request + "/approve", supervisor, "{}",
        "If-Match", "\"" + json(filed).get("digest").asText() + "\"");
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    HttpResponse<String> pkg;
    do {
      Thread.sleep(250);
      pkg = SharedNetwork.get("/v1/disclosure-requests/" + request + "/package", officer);
    } while (pkg.statusCode() == 409 && System.nanoTime() < until);
    assertThat(pkg.statusCode()).as(pkg.body()).isEqualTo(200);
    return json(pkg);
  }

  @Test
  void aPlatformMayKeepTenImportsOpenAndAnotherOnceItCompletesOne() throws Exception {
    String b = SharedNetwork.token("platform-b");
    java.util.List<String> opened = new java.util.ArrayList<>();
    HttpResponse<String> answer = null;
    for (int i = 0; i < 11; i++) {
      answer = send("POST", "/v1/imports", b, "{}");
      if (answer.statusCode() != 201) {
        break;
      }
      opened.add(json(answer).get("id").asText());
    }

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(422);
    assertThat(json(answer).get("code").asText()).isEqualTo("too-many-open-imports");
    assertThat(opened).isNotEmpty().hasSizeLessThanOrEqualTo(10);
    for (String id : opened) {
      assertThat(send("POST", "/v1/imports/" + id + "/complete", b, "{}").statusCode()).isEqualTo(200);
    }
    HttpResponse<String> after = send("POST", "/v1/imports", b, "{}");
    assertThat(after.statusCode()).as(after.body()).isEqualTo(201);
    send("POST", "/v1/imports/" + json(after).get("id").asText() + "/complete", b, "{}");
  }
}
