package org.idnet.identity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.idnet.identity.api.GrpcHarness.NOW;
import static org.idnet.identity.api.GrpcHarness.OTP;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_A;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_B;
import static org.idnet.identity.api.GrpcHarness.badRequest;
import static org.idnet.identity.api.GrpcHarness.errorInfo;
import static org.idnet.identity.api.GrpcHarness.unique;

import com.zaxxer.hikari.HikariDataSource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Set;
import org.idnet.identity.TestDatabase;
import org.idnet.identity.domain.CapabilityPolicy;
import org.idnet.identity.store.KeyProvider;
import org.idnet.identity.v1.AccountVerification;
import org.idnet.identity.v1.AgeBand;
import org.idnet.identity.v1.Capability;
import org.idnet.identity.v1.VerificationLevel;
import org.idnet.identity.v1.VerificationStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** CheckAccount as a platform sees it, over the real store. */
class CheckAccountGrpcTest {

  static HikariDataSource dataSource;
  static KeyProvider keys;
  static GrpcHarness grpc;

  @BeforeAll
  static void start() throws Exception {
    dataSource = TestDatabase.migrated("identity_check");
    keys = GrpcHarness.newKeys();
    grpc = GrpcHarness.over(dataSource, keys).start();
  }

  @AfterAll
  static void stop() {
    grpc.close();
    dataSource.close();
  }

  @Test
  void checkWhenAccountNeverSeenThenUnverifiedNotNotFound() {
    AccountVerification answer = grpc.check(PLATFORM_A, unique("stranger"));

    assertThat(answer.getStatus()).isEqualTo(VerificationStatus.UNVERIFIED);
    assertThat(answer.getLevel()).isEqualTo(VerificationLevel.NONE);
    assertThat(answer.getCapabilitiesList()).isEmpty();
    assertThat(answer.getAgeBand()).isEqualTo(AgeBand.UNKNOWN);
    assertThat(answer.hasSubjectId()).isFalse();
    assertThat(answer.hasVerifiedAt()).isFalse();
  }

  /**
   * Whoever else holds the Redis password (the gateway, phone-otp-service) can write identity's cache
   * keys: an unverified account rewritten there as a real-name adult is still answered as it is.
   */
  @Test
  void checkWhenTheCachedEntryIsRewrittenWithoutIdentitysKeyThenTheStoreAnswers() throws Exception {
    String account = unique("mallory");
    String genuine = grpc.cachedEntry("platform-a", account);
    assertThat(genuine).startsWith("3UNU|||");
    String[] sealed = genuine.split("\\|", -1);
    String key = grpc.cache.key("platform-a", account);
    String realNameAdult = "3VRA|" + (NOW.getEpochSecond() * 1_000_000) + "||AbCdEfGhIjKlMnOpQrStUv";
    for (String forged : new String[] {realNameAdult + "|" + sealed[4] + "|" + sealed[5], "1VRA|1||AbCdEfGhIjKlMnOpQrStUv"}) {
      grpc.redis(c -> c.set(key, forged));

      AccountVerification answer = grpc.check(PLATFORM_A, account);

      assertThat(answer.getStatus()).as(forged).isEqualTo(VerificationStatus.UNVERIFIED);
      assertThat(answer.getLevel()).isEqualTo(VerificationLevel.NONE);
      assertThat(answer.getAgeBand()).isEqualTo(AgeBand.UNKNOWN);
      assertThat(answer.getCapabilitiesList()).isEmpty();
    }
    assertThat(grpc.meters.get("idnet.identity.cache.rejected").tag("reason", "forged").counter().count()).isOne();
    assertThat(grpc.meters.get("idnet.identity.cache.rejected").tag("reason", "unsealed").counter().count()).isOne();
  }

  @Test
  void checkAfterBindThenPhoneLevelWithCapabilitiesSinceTheBinding() {
    String account = unique("alice");

    AccountVerification bound = grpc.bind("platform-a", account, "+84912345678", unique("v"));
    AccountVerification checked = grpc.check(PLATFORM_A, account);

    assertThat(checked).isEqualTo(bound);
    assertThat(checked.getAccountId()).isEqualTo(account);
    assertThat(checked.getStatus()).isEqualTo(VerificationStatus.VERIFIED);
    assertThat(checked.getLevel()).isEqualTo(VerificationLevel.PHONE);
    assertThat(checked.getCapabilitiesList()).containsExactly(Capability.COMMENT, Capability.POST, Capability.LIVESTREAM);
    assertThat(checked.getAgeBand()).isEqualTo(AgeBand.UNKNOWN);
    assertThat(checked.hasSubjectId()).isFalse();
    assertThat(checked.getVerifiedAt().getSeconds()).isEqualTo(NOW.getEpochSecond());
    assertThat(checked.getVerifiedAt().getNanos()).isEqualTo(NOW.getNano());
  }

  @Test
  void checkWhenBoundOnAnotherPlatformThenThisPlatformSeesNothing() {
    String account = unique("bob");
    grpc.bind("platform-a", account, "+84912345679", unique("v"));

    AccountVerification seenByB = grpc.check(PLATFORM_B, account);

    assertThat(seenByB.getStatus()).isEqualTo(VerificationStatus.UNVERIFIED);
    assertThat(seenByB.getLevel()).isEqualTo(VerificationLevel.NONE);
    assertThat(seenByB.getCapabilitiesList()).isEmpty();
  }

  @Test
  void checkWhenEveryBindingRevokedThenRevokedWithoutCapabilities() {
    String account = unique("carol");
    grpc.bind("platform-a", account, "+84912345680", unique("v"));
    JdbcClient.create(dataSource).sql("UPDATE phone_bindings SET revoked_at = now(), revoke_reason = 'number-reassigned' "
            + "WHERE account = (SELECT id FROM accounts WHERE platform_id = 'platform-a' AND account_blind_index = ?)")
        .param(grpc.index("platform-a", account)).update();

    AccountVerification answer = grpc.check(PLATFORM_A, account);

    assertThat(answer.getStatus()).isEqualTo(VerificationStatus.REVOKED);
    assertThat(answer.getLevel()).isEqualTo(VerificationLevel.NONE);
    assertThat(answer.getCapabilitiesList()).isEmpty();
    assertThat(answer.hasVerifiedAt()).isFalse();
  }

  @Test
  void checkAccountWhenCalledByPhoneOtpServiceThenPermissionDenied() {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> grpc.check(OTP, "alice"));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a b", "ü", "a/b", "a|b"})
  void checkWhenAccountIdMalformedThenInvalidArgumentNamingTheField(String accountId) throws Exception {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
        () -> grpc.check(PLATFORM_A, accountId));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(errorInfo(e).getReason()).isEqualTo("invalid-account-id");
    assertThat(errorInfo(e).getDomain()).isEqualTo("idnet.org");
    assertThat(badRequest(e)).hasValueSatisfying(
        bad -> assertThat(bad.getFieldViolations(0).getField()).isEqualTo("accountId"));
  }

  @Test
  void checkWhenAccountIdTooLongThenInvalidArgument() throws Exception {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
        () -> grpc.check(PLATFORM_A, "x".repeat(129)));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(errorInfo(e).getReason()).isEqualTo("invalid-account-id");
  }

  @Test
  void checkUsesTheConfiguredCapabilityPolicy() throws Exception {
    String account = unique("jack");
    grpc.bind("platform-a", account, "+84912345689", unique("v"));
    CapabilityPolicy commentOnly = new CapabilityPolicy(Set.of(org.idnet.identity.domain.Capability.COMMENT),
        CapabilityPolicy.DEFAULT.realName());

    try (GrpcHarness strict = GrpcHarness.over(dataSource, keys).policy(commentOnly).start()) {
      assertThat(strict.check(PLATFORM_A, account).getCapabilitiesList()).containsExactly(Capability.COMMENT);
    }
  }
}
