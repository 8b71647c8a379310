package org.idnet.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.sandbox.SharedNetwork.json;
import static org.idnet.sandbox.SharedNetwork.post;
import static org.idnet.sandbox.SharedNetwork.send;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Real names, pairwise subjects, minors and guardians, batch look-ups and number recycling, as a
 * platform and a carrier meet them over HTTP on the real network.
 */
@Order(2)
class IdentityEndToEndTest {

  @Test
  void aCitizenRegistersAndEachPlatformGetsItsOwnSubjectId() throws Exception {
    String a = SharedNetwork.token("platform-a");
    String b = SharedNetwork.token("platform-b");
    JsonNode citizen = citizens(1, false).get(0);

    JsonNode onA = json(realName(a, "e2e-real-a", citizen, null, 200));
    assertThat(onA.get("level").asText()).isEqualTo("REAL_NAME");
    assertThat(onA.get("status").asText()).isEqualTo("VERIFIED");
    assertThat(onA.get("ageBand").asText()).isEqualTo("ADULT");
    assertThat(onA.get("capabilities")).extracting(JsonNode::asText).contains("COMMERCE");
    String subjectA = onA.get("subjectId").asText();
    assertThat(subjectA).matches("[A-Za-z0-9_-]{16,64}");

    JsonNode onB = json(realName(b, "e2e-real-b", citizen, null, 200));
    assertThat(onB.get("subjectId").asText()).isNotEqualTo(subjectA);
    // Stable: the same person on the same platform keeps its subject id.
    assertThat(json(realName(a, "e2e-real-a2", citizen, null, 200)).get("subjectId").asText()).isEqualTo(subjectA);
    // Nothing of the identity comes back.
    String body = realName(a, "e2e-real-a", citizen, null, 200).body();
    assertThat(body).doesNotContain(citizen.get("nationalId").asText()).doesNotContain(citizen.get("dateOfBirth").asText());
  }

  @Test
  void refusalsNeverSayWhichFieldWasWrong() throws Exception {
    String a = SharedNetwork.token("platform-a");
    JsonNode citizen = citizens(2, false).get(1);
    String wrongName = "{\"fullName\":\"Someone Else\",\"nationalId\":\"" + citizen.get("nationalId").asText()
        + "\",\"dateOfBirth\":\"" + citizen.get("dateOfBirth").asText() + "\"}";
    HttpResponse<String> refused = send("PUT", "/v1/accounts/e2e-wrong/real-name", a, wrongName);
    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(json(refused).get("code").asText()).isEqualTo("identity-not-confirmed");
    assertThat(refused.body()).doesNotContain("fullName").doesNotContain("name");

    HttpResponse<String> malformed = send("PUT", "/v1/accounts/e2e-wrong/real-name", a,
        "{\"fullName\":\"Nguyễn Văn A\",\"nationalId\":\"12345\",\"dateOfBirth\":\"1990-01-01\"}");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(json(malformed).get("code").asText()).isEqualTo("invalid-identity");
  }

  @Test
  void aMinorNeedsAnAdultGuardianAndNeverGetsCommerce() throws Exception {
    String a = SharedNetwork.token("platform-a");
    JsonNode minor = citizens(1, true).get(0);
    JsonNode parent = citizens(3, false).get(2);

    HttpResponse<String> alone = realName(a, "e2e-minor", minor, null, 422);
    assertThat(json(alone).get("code").asText()).isEqualTo("guardian-required");
    realName(a, "e2e-parent", parent, null, 200);

    JsonNode guarded = json(realName(a, "e2e-minor", minor, "e2e-parent", 200));
    assertThat(guarded.get("ageBand").asText()).isEqualTo("MINOR");
    assertThat(guarded.get("capabilities")).extracting(JsonNode::asText).doesNotContain("COMMERCE");
  }

  @Test
  void aDisconnectedNumberDropsThePhoneLevelAndLookupsTellEveryCaseApart() throws Exception {
    String a = SharedNetwork.token("platform-a");
    String b = SharedNetwork.token("platform-b");
    bindPhone(a, "e2e-carol", "0987654321");
    bindPhone(a, "e2e-dave", "0987654322");
    assertThat(level(a, "e2e-carol")).isEqualTo("PHONE");

    String carrier = SharedNetwork.token("carrier-1");
    String event = "{\"phoneNumber\":\"+84987654321\",\"type\":\"DISCONNECTED\",\"occurredAt\":\""
        + java.time.Instant.now().plusSeconds(1) + "\"}";
    assertThat(post("/v1/number-events", carrier, event).statusCode()).isEqualTo(202);
    assertThat(post("/v1/number-events", carrier, event).statusCode()).isEqualTo(202);
    // A platform may not report number events.
    assertThat(post("/v1/number-events", a, event).statusCode()).isEqualTo(403);

    HttpResponse<String> carol = SharedNetwork.get("/v1/accounts/e2e-carol/verification", a);
    assertThat(json(carol).get("level").asText()).isEqualTo("NONE");
    assertThat(json(carol).get("status").asText()).isEqualTo("REVOKED");

    HttpResponse<String> lookups = post("/v1/accounts/verification-lookups", a,
        "{\"accountIds\":[\"e2e-dave\",\"never-seen\",\"e2e-carol\",\"e2e-real-b\",\"e2e-real-a\",\"e2e-dave\"]}");
    assertThat(lookups.statusCode()).as(lookups.body()).isEqualTo(200);
    List<String> levels = new ArrayList<>();
    for (JsonNode result : json(lookups).get("results")) {
      levels.add(result.get("accountId").asText() + "=" + result.get("level").asText());
    }
    // e2e-real-b belongs to platform-b: unknown to platform-a.
    assertThat(levels).containsExactly("e2e-dave=PHONE", "never-seen=NONE", "e2e-carol=NONE", "e2e-real-b=NONE",
        "e2e-real-a=REAL_NAME", "e2e-dave=PHONE");
    assertThat(level(b, "e2e-dave")).isEqualTo("NONE");

    HttpResponse<String> tooMany = post("/v1/accounts/verification-lookups", a,
        "{\"accountIds\":[" + "\"x\",".repeat(500) + "\"x\"]}");
    assertThat(tooMany.statusCode()).isEqualTo(400);
  }

  @Test
  void closingAnAccountEndsItsBindings() throws Exception {
    String a = SharedNetwork.token("platform-a");
    bindPhone(a, "e2e-erin", "0987654323");
    assertThat(send("DELETE", "/v1/accounts/e2e-erin", a, null).statusCode()).isEqualTo(204);
    assertThat(level(a, "e2e-erin")).isEqualTo("NONE");
  }

  private static String level(String token, String account) throws Exception {
    return json(SharedNetwork.get("/v1/accounts/" + account + "/verification", token)).get("level").asText();
  }

  private static HttpResponse<String> realName(String token, String account, JsonNode citizen, String guardian,
      int expected) throws Exception {
    String body = "{\"fullName\":\"" + citizen.get("fullName").asText() + "\",\"nationalId\":\""
        + citizen.get("nationalId").asText() + "\",\"dateOfBirth\":\"" + citizen.get("dateOfBirth").asText() + "\""
        + (guardian == null ? "" : ",\"guardianAccountId\":\"" + guardian + "\"") + "}";
    HttpResponse<String> response = send("PUT", "/v1/accounts/" + account + "/real-name", token, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
    return response;
  }

  private static JsonNode citizens(int count, boolean minor) throws Exception {
    HttpResponse<String> response = SharedNetwork.get("/sandbox/citizens?count=" + count + "&minor=" + minor, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response);
  }

  private static void bindPhone(String token, String account, String phone) throws Exception {
    HttpResponse<String> created = post("/v1/phone-verifications", token,
        "{\"accountId\":\"" + account + "\",\"phoneNumber\":\"" + phone + "\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = json(created).get("id").asText();
    String e164 = "+84" + phone.substring(1);
    HttpResponse<String> sms = SharedNetwork.get("/sandbox/sms?to=" + URLEncoder.encode(e164, StandardCharsets.UTF_8), null);
    Matcher code = Pattern.compile("\\b(\\d{6})\\b").matcher(json(sms).get(0).get("text").asText());
    assertThat(code.find()).isTrue();
    HttpResponse<String> checked = post("/v1/phone-verifications/" + id + "/check", token, "{\"code\":\"" + code.group(1) + "\"}");
    assertThat(json(checked).get("status").asText()).as(checked.body()).isEqualTo("APPROVED");
  }
}
