package org.idnet.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Last of the end-to-end classes: the sandbox's data folder survives a restart of the network. */
@Order(99)
class RestartEndToEndTest {

  // Its own account and number: the class does not lean on what another class left behind.
  private static final String ACCOUNT = "e2e-restart";
  private static final String PHONE = "0912345699";

  @Test
  void dataSurvivesARestartOfTheNetwork() throws Exception {
    String token = SharedNetwork.token("platform-a");
    bindPhone(token, ACCOUNT, PHONE);
    String before = SharedNetwork.get("/v1/accounts/" + ACCOUNT + "/verification", token).body();
    SharedNetwork.restart();
    String fresh = SharedNetwork.token("platform-a");
    var answer = SharedNetwork.get("/v1/accounts/" + ACCOUNT + "/verification", fresh);
    // Readiness of each process does not promise that the gateway's channels are connected yet:
    // give the network a few seconds to answer at all (once seen failing right after a restart).
    for (int i = 0; i < 20 && answer.statusCode() != 200; i++) {
      Thread.sleep(500);
      answer = SharedNetwork.get("/v1/accounts/" + ACCOUNT + "/verification", fresh);
    }
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    String after = answer.body();
    assertThat(SharedNetwork.JSON.readTree(after).get("level").asText()).isEqualTo("PHONE");
    assertThat(after).isEqualTo(before);
  }

  /** Binds {@code phone} to {@code account} through the gateway: start, read the sandbox SMS, check. */
  private static void bindPhone(String token, String account, String phone) throws Exception {
    var created = SharedNetwork.post("/v1/phone-verifications", token,
        "{\"accountId\":\"" + account + "\",\"phoneNumber\":\"" + phone + "\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = SharedNetwork.json(created).get("id").asText();
    String e164 = "%2B84" + phone.substring(1);
    var sms = SharedNetwork.get("/sandbox/sms?to=" + e164, token);
    assertThat(sms.statusCode()).isEqualTo(200);
    java.util.regex.Matcher code = java.util.regex.Pattern.compile("\\b(\\d{6})\\b")
        .matcher(SharedNetwork.json(sms).get(0).get("text").asText());
    assertThat(code.find()).isTrue();
    var checked = SharedNetwork.post("/v1/phone-verifications/" + id + "/check", token,
        "{\"code\":\"" + code.group(1) + "\"}");
    assertThat(checked.statusCode()).as(checked.body()).isEqualTo(200);
    assertThat(SharedNetwork.json(checked).get("status").asText()).isEqualTo("APPROVED");
  }
}
