package org.idnet.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.idnet.client.FakeIdnet.Answer;
import org.idnet.client.accounts.AccountVerification;
import org.idnet.client.accounts.AgeBand;
import org.idnet.client.accounts.Capability;
import org.idnet.client.accounts.PhoneSource;
import org.idnet.client.accounts.VerificationLevel;
import org.idnet.client.accounts.VerificationStatus;
import org.idnet.client.phone.PhoneVerification;
import org.idnet.client.phone.PhoneVerificationStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Look-ups in batches of 500, answers in request order; answers read as the API grows. */
class LookupsAndAnswersTest {

  @RegisterExtension
  final FakeIdnet idnet = new FakeIdnet();

  @BeforeEach
  void answerEachIdInPlace() {
    // Answers each requested id in place, as idnet does.
    idnet.api = request -> {
      JsonNode ids = Json.read(request.body()).get("accountIds");
      List<String> results = new ArrayList<>();
      ids.forEach(id -> results.add("{\"accountId\":\"" + id.asText() + "\",\"status\":\"UNVERIFIED\",\"level\":\"NONE\","
          + "\"ageBand\":\"UNKNOWN\"}"));
      return Answer.ok("{\"results\":[" + String.join(",", results) + "]}");
    };
  }

  @Test
  void moreThan500IdsGoInBatchesOf500AndAnswerInRequestOrder() {
    List<String> ids = IntStream.range(0, 1201).mapToObj(i -> "acct-" + i).toList();

    List<AccountVerification> results = idnet.client().build().lookupAccounts(ids);

    assertThat(idnet.apiRequests).extracting(r -> Json.read(r.body()).get("accountIds").size())
        .containsExactly(500, 500, 201);
    assertThat(results).extracting(AccountVerification::accountId).containsExactlyElementsOf(ids);
  }

  @Test
  void noIdsAskNothing() {
    assertThat(idnet.client().build().lookupAccounts(List.of())).isEmpty();
    assertThat(idnet.apiRequests).isEmpty();
  }

  @Test
  void omittedDefaultsAndValuesAddedLaterStillRead() {
    idnet.api = request -> Answer.ok("{\"accountId\":\"alice\",\"status\":\"VERIFIED\",\"level\":\"BIOMETRIC\","
        + "\"capabilities\":[\"POST\",\"TELEPORT\"],\"ageBand\":\"ADULT\",\"subjectId\":\"s\",\"newField\":{}}");

    AccountVerification account = idnet.client().build().checkAccount("alice");

    assertThat(account.status()).isEqualTo(VerificationStatus.VERIFIED);
    assertThat(account.level()).isEqualTo(VerificationLevel.UNRECOGNIZED);
    assertThat(account.capabilities()).containsExactly(Capability.POST, Capability.UNRECOGNIZED);
    assertThat(account.can(Capability.POST)).isTrue();
    assertThat(account.can(Capability.COMMERCE)).isFalse();
    assertThat(account.ageBand()).isEqualTo(AgeBand.ADULT);
    assertThat(account.subjectId()).contains("s");
    assertThat(account.phoneSource()).isEmpty();
    assertThat(account.verifiedAt()).isEmpty();
  }

  @Test
  void aPhoneLevelSaysWhereItsProofComesFrom() {
    idnet.api = request -> Answer.ok("{\"accountId\":\"" + request.path().split("/")[3]
        + "\",\"status\":\"VERIFIED\",\"level\":\"PHONE\",\"ageBand\":\"UNKNOWN\",\"phoneSource\":\""
        + (request.path().contains("imported") ? "IMPORTED" : "BIOMETRIC") + "\","
        + "\"verifiedAt\":\"2026-11-01T00:00:00Z\"}");

    AccountVerification imported = idnet.client().build().checkAccount("imported");
    AccountVerification future = idnet.client().build().checkAccount("other");

    assertThat(imported.phoneSource()).contains(PhoneSource.IMPORTED);
    assertThat(imported.verifiedAt()).contains(Instant.parse("2026-11-01T00:00:00Z"));
    assertThat(future.phoneSource()).contains(PhoneSource.UNRECOGNIZED);
  }

  @Test
  void aVerificationWithNoAttemptsLeftReadsZero() {
    // Protobuf's JSON leaves out a field at its default: attemptsRemaining 0 is absent.
    idnet.api = request -> Answer.ok("{\"id\":\"AAAAAAAAAAAAAAAAAAAAAA\",\"accountId\":\"alice\","
        + "\"phoneNumber\":\"+8491*****78\",\"status\":\"FAILED\",\"expiresAt\":\"2026-12-04T10:05:00.250Z\","
        + "\"resendAvailableAt\":\"2026-12-04T17:01:00+07:00\"}");

    PhoneVerification verification = idnet.client().build().getPhoneVerification("AAAAAAAAAAAAAAAAAAAAAA");

    assertThat(verification.status()).isEqualTo(PhoneVerificationStatus.FAILED);
    assertThat(verification.attemptsRemaining()).isZero();
    assertThat(verification.expiresAt()).isEqualTo(Instant.parse("2026-12-04T10:05:00.250Z"));
    assertThat(verification.resendAvailableAt()).isEqualTo(Instant.parse("2026-12-04T10:01:00Z"));
  }
}
