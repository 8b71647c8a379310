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
      phone-national    | phone=0912345678&x=1
      phone-national    | number0912345678 typed
      phone-84          | phone 84912345678 bound
      phone-84          | GET /v1/x?phone=%2084912345678 400
      phone-84          | phone= 84912345678
      phone-84          | msisdn:84912345678,
      phone-e164        | phoneNumber%3D%2B84912345678
      phone-grouped     | typed +84 912 345 678 twice
      phone-grouped     | typed 0912 345 678 twice
      phone-grouped     | typed 091-234-5678 twice
      phone-grouped     | typed 0912.345.678 twice
      phone-grouped     | typed 84 912 345 678 twice
      phone-grouped     | typed +84-912-345-678 twice
      phone-grouped     | GET /x?phone=0912%20345%20678
      phone-grouped     | GET /x?phone=%2B84%20912%20345%20678
      citizen-id        | citizenId%3D{ID}
      citizen-id        | {\\"msg\\":\\"line\\n{ID}\\"}
      citizen-id        | id{ID} glued
      citizen-id        | cccd={ID}x
      otp-code-field    | verificationCode=042917
      otp-code-field    | otp_code: 042917
      otp-code-field    | {"otpCode":"042917"}
      otp-code-field    | {\\"otpCode\\":\\"042917\\"}
      otp-code-field    | smsOtp=042917
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
      full-name         | {"fullName":"Nguy\\u1ec5n V\\u0103n An"}
      full-name         | GET /x?name=Nguyen%20Van%20An
      full-name         | GET /x?name=Nguy%E1%BB%85n%20V%C4%83n%20An
      full-name         | name=Nguyen+Van+An
      full-name         | NGUYEN_VAN_AN
      hosted-session    | > Idnet-Session: vs_AbCdEfGhIjKlMnOpQrStUv.Qm9vLWJhcl9iYXotcXV4LWV4YW1wbGUtc2VjcmV0LXg
      hosted-session    | {"Idnet-Session":"vs_AbCdEfGhIjKlMnOpQrStUv.Qm9vLWJhcl9iYXotcXV4LWV4YW1wbGUtc2VjcmV0LXg"}
      hosted-session    | session 123e4567-e89b-12d3-a456-426614174000.Qm9vLWJhcl9iYXotcXV4LWV4YW1wbGUtc2VjcmV0LXg
      hosted-link       | GET /verify/Qm9vLWJhcl9iYXotcXV4LWV4YW1wbGUtc2VjcmV0LXg 303
      hosted-link       | Location: http://localhost:8070/verify/Qm9vLWJhcl9iYXotcXV4LWV4YW1wbGUtc2VjcmV0LXg
      hosted-link       | url=http%3A%2F%2Flocalhost%3A8070%2Fverify%2FQm9vLWJhcl9iYXotcXV4LWV4YW1wbGUtc2VjcmV0LXg
      hosted-query      | GET /return?result=Qm9vLWJhcl9iYXotcXV4LWV4YW1wbGUtc2VjcmV0LXg&state=xyz 200
      hosted-query      | redirect to https://platform.example/back?result=Zm9vYmFyYmF6cXV4&state=s3cr3t-state-value
      hosted-query      | redirectUrl%3Dhttp%3A%2F%2Flocalhost%2Freturn%3Fresult%3DQm9vLWJhcl9iYXotcXV4LWV4YW1wbGU
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
      "sha 0912345678abcdef",
      "epoch 1733312345678, nanos 84912345678123",
      "took 0.84912345678 s; ratio 0.079301234567; 079301234567.5",
      "trace 4bf92f3577b34da6a3ce929d0e0e4736 span 00f067aa0ba902b7 sha 079301234567abcdef0123",
      "commit 0912345678ab5c8f9d0e1f2a3b4c5d6e7f8091a2",
      "GET http://127.0.0.1:61234/v1 from 84.123.145.167 and 10.0.0.1",
      "2026-12-04 10:11:12.345 [pool-1] pid 12345 port 61234 took 1234 ms",
      "2026-12-04T10:11:12.345+07:00 started",
      "HTTP statusCode=200, errorCode: 404, exit code 137",
      "version 1.2.3-20261204.101112-3",
      "masked +84 91* *** *78 and 091-***-**78",
      "Nguyen is here, Van there",
      "grant bd6495f8-9e5f-4856-aa1d-8f7ea102eb53 for request 462e693a-8288-4744-9efd-7f0676506881",
      "issuer key 0adf3398-0e07-4546-8592-bb7a814c19ea ignored; 123e4567-e89b-12d3-a456-079301234567",
      "POST /verify/phone 303; POST /verify/code/resend 303; GET /verify/{launch} 200; GET /verify 200",
      "hosted session vs_AbCdEfGhIjKlMnOpQrStUv opened for platform-a; Idnet-Session: vs_AbCdEfGhIjKlMnOpQrStUv.***",
      "GET /return?result=***&state=*** 200; GET /return?state=short 400",
      "connection state=CONNECTED, lifecycle.state=RUNNING, result=OK",
      "GET /realms/idnet/protocol/openid-connect/auth?response_type=code&client_id=idnet-console&state=CseVKGj_VNsugdaNGWzC",
      "sha256.9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
      "org.springframework.boot.autoconfigure.web.reactive.WebFluxAutoConfiguration.EnableWebFluxConfiguration"})
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
