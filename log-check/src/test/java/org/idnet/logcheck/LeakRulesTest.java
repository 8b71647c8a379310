package org.idnet.logcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each rule against a planted value in a realistic line, and against the masked forms and
 * look-alikes that real logs hold and that must pass.
 */
class LeakRulesTest {

  static final String CITIZEN_ID = "0793" + "01234567";
  static final String PHONE = "+84" + "912345678";

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      citizen-id        | registered person {ID} on platform-a
      citizen-id        | {"nationalId":"{ID}"}
      phone-e164        | verification 42 started for {PHONE} by platform platform-a
      phone-e164        | GET /sandbox/sms?to=%2B84912345678 200
      phone-e164        | tel:+1202555018
      phone-national    | {"accountId":"bob","phoneNumber":"0912345678"}
      otp-code          | SMS to +8491*****78: Your idnet code is 042917. It expires in 5 minutes.
      otp-code          | {"code":"904211"}
      otp-code          | check with code=123456 failed
      jwt               | token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwbGF0Zm9ybS1hIn0.c2lnbmF0dXJlLXZhbHVl
      bearer-token      | > Authorization: Bearer 2YotnFZFEjr1zCsicMWpAA9a8b7c
      basic-credentials | Authorization: Basic cGxhdGZvcm0tYTpzZWNyZXQ=
      full-name         | registering Nguyễn Văn An
      full-name         | name=NGUYEN VAN AN
      full-name         | nguyễn thị mai, born
      full-name         | Trần Thị Thủy
      full-name         | Lê Minh 1 (a test name)
      """)
  void ruleWhenValuePlantedThenFound(String rule, String line) {
    String planted = line.replace("{ID}", CITIZEN_ID).replace("{PHONE}", PHONE);
    assertThat(rulesFinding(planted)).as(rule).contains(rule);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "verification 42 started for +8491*****78 by platform platform-a",
      "registered person CitizenId[**********67] on platform-a",
      "Citizen[**********67]",
      "request 123e4567-e89b-12d3-a456-426614174000 done",
      "at 1733312345678 ms, 173331234567890 ns",
      "2026-12-04T10:11:12.345+07:00  INFO 1303 --- [gateway] [main] o.s.Something : Started in 0.0912345678 s",
      "exit code 137; HTTP status code 200; code=404",
      "WWW-Authenticate: Bearer realm=\"idnet\", error=\"invalid_token\"",
      "Authorization: Bearer ***",
      "Basic authentication is disabled",
      "eyJhbGciOiJSUzI1NiJ9 (a header alone)",
      "Nguyễn is a family name; Văn too",
      "the Lê family",
      "hash 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
      "pid 123456789012345, port 61234",
      "sha 0912345678abcdef"})
  void ruleWhenMaskedOrLookAlikeThenNothingFound(String line) {
    assertThat(rulesFinding(line)).isEmpty();
  }

  static List<String> rulesFinding(String line) {
    List<String> names = new ArrayList<>();
    for (LeakRule rule : LeakRules.standard()) {
      if (!rule.finder().find(new ScannedLine(line)).isEmpty()) {
        names.add(rule.name());
      }
    }
    return names;
  }
}
