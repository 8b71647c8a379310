package org.idnet.identity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.idnet.identity.api.GrpcHarness.CARRIER;
import static org.idnet.identity.api.GrpcHarness.NOW;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_A;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_B;
import static org.idnet.identity.api.GrpcHarness.badRequest;
import static org.idnet.identity.api.GrpcHarness.errorInfo;
import static org.idnet.identity.api.GrpcHarness.numberEventRequest;
import static org.idnet.identity.api.GrpcHarness.unique;

import com.google.protobuf.Timestamp;
import com.zaxxer.hikari.HikariDataSource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import org.idnet.identity.TestCitizens;
import org.idnet.identity.TestDatabase;
import org.idnet.identity.v1.NumberEventType;
import org.idnet.identity.v1.RecordNumberEventRequest;
import org.idnet.identity.v1.VerificationLevel;
import org.idnet.identity.v1.VerificationStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/** RecordNumberEvent as a carrier calls it: recycled numbers stop verifying the accounts of earlier holders. */
class NumberEventGrpcTest {

  static HikariDataSource dataSource;
  static GrpcHarness grpc;

  @BeforeAll
  static void start() throws Exception {
    dataSource = TestDatabase.migrated("identity_number_events");
    grpc = GrpcHarness.over(dataSource, GrpcHarness.newKeys()).start();
  }

  @AfterAll
  static void stop() {
    grpc.close();
    dataSource.close();
  }

  @BeforeEach
  void resetClock() {
    grpc.clock.set(NOW);
  }

  static String revokeReason(String account) {
    return JdbcClient.create(dataSource).sql("""
            SELECT b.revoke_reason FROM phone_bindings b JOIN accounts a ON a.id = b.account
            WHERE a.account_blind_index = ? ORDER BY b.bound_at DESC LIMIT 1""")
        .param(grpc.index("platform-a", account)).query(String.class).optional().orElse(null);
  }

  @Test
  void disconnectedRevokesEveryBindingMadeBeforeTheEventAndNoneAfter() {
    String phone = "+84912000301";
    String earlierA = unique("earlier");
    String earlierB = unique("earlier");
    grpc.bind("platform-a", earlierA, phone, unique("v"));
    grpc.bind("platform-b", earlierB, phone, unique("v"));
    Instant event = NOW.plus(Duration.ofHours(1));
    grpc.clock.set(event.plusSeconds(60));
    String newHolder = unique("new-holder");
    grpc.bind("platform-a", newHolder, phone, unique("v"));

    grpc.numberEvent("0912 000 301", NumberEventType.DISCONNECTED, event);

    assertThat(grpc.check(PLATFORM_A, earlierA).getStatus()).isEqualTo(VerificationStatus.REVOKED);
    assertThat(grpc.check(PLATFORM_A, earlierA).getLevel()).isEqualTo(VerificationLevel.NONE);
    assertThat(grpc.check(PLATFORM_B, earlierB).getStatus()).isEqualTo(VerificationStatus.REVOKED);
    assertThat(grpc.check(PLATFORM_A, newHolder).getLevel()).isEqualTo(VerificationLevel.PHONE);
    assertThat(revokeReason(earlierA)).isEqualTo("number-disconnected");
  }

  @Test
  void reassignedRevokesAndPortedKeepsTheBindings() {
    String ported = unique("ported");
    String reassigned = unique("reassigned");
    grpc.bind("platform-a", ported, "+84912000302", unique("v"));
    grpc.bind("platform-a", reassigned, "+84912000303", unique("v"));
    grpc.clock.advance(Duration.ofDays(1));

    grpc.numberEvent("+84912000302", NumberEventType.PORTED, grpc.clock.instant());
    grpc.numberEvent("+84 91 2000 303", NumberEventType.REASSIGNED, grpc.clock.instant());

    assertThat(grpc.check(PLATFORM_A, ported).getLevel()).isEqualTo(VerificationLevel.PHONE);
    assertThat(grpc.check(PLATFORM_A, reassigned).getStatus()).isEqualTo(VerificationStatus.REVOKED);
    assertThat(revokeReason(reassigned)).isEqualTo("number-reassigned");
  }

  @Test
  void aRepeatedEventChangesNothing() {
    String phone = "+84912000304";
    grpc.bind("platform-a", unique("first"), phone, unique("v"));
    Instant soon = NOW.plus(Duration.ofMinutes(4));
    grpc.numberEvent(phone, NumberEventType.DISCONNECTED, soon);
    // A binding made after the event was recorded, though before its (slightly future) time.
    String later = unique("later");
    grpc.clock.advance(Duration.ofMinutes(1));
    grpc.bind("platform-a", later, phone, unique("v"));

    grpc.numberEvent(phone, NumberEventType.DISCONNECTED, soon);

    assertThat(grpc.check(PLATFORM_A, later).getLevel()).isEqualTo(VerificationLevel.PHONE);
    assertThat(JdbcClient.create(dataSource).sql("SELECT count(*)::int FROM number_events WHERE occurred_at = ? AND type = 'DISCONNECTED'")
        .param(java.time.OffsetDateTime.ofInstant(soon, java.time.ZoneOffset.UTC)).query(Integer.class).single())
        .isEqualTo(1);
  }

  @Test
  void afterRevocationAnAccountWithAPersonStaysRealName() {
    String phone = "+84912000305";
    String account = unique("person");
    grpc.bind("platform-a", account, phone, unique("v"));
    grpc.registerRealName(PLATFORM_A, TestCitizens.form(account, TestCitizens.bornIn(1984)));
    grpc.clock.advance(Duration.ofHours(2));

    grpc.numberEvent(phone, NumberEventType.REASSIGNED, grpc.clock.instant());

    var answer = grpc.check(PLATFORM_A, account);
    assertThat(answer.getLevel()).isEqualTo(VerificationLevel.REAL_NAME);
    assertThat(answer.getStatus()).isEqualTo(VerificationStatus.VERIFIED);
    assertThat(revokeReason(account)).isEqualTo("number-reassigned");
  }

  @Test
  void eventWhenMalformedThenInvalidArgumentNamingTheField() throws Exception {
    record Case(RecordNumberEventRequest request, String reason, String field) {
    }
    Case[] cases = {
        new Case(numberEventRequest("12", NumberEventType.DISCONNECTED, NOW), "invalid-phone-number", "phoneNumber"),
        new Case(numberEventRequest("+8491200030x", NumberEventType.DISCONNECTED, NOW), "invalid-phone-number",
            "phoneNumber"),
        new Case(numberEventRequest("+84912000306", NumberEventType.NUMBER_EVENT_TYPE_UNSPECIFIED, NOW),
            "invalid-number-event", "type"),
        new Case(numberEventRequest("+84912000306", NumberEventType.DISCONNECTED, null), "invalid-number-event",
            "occurredAt"),
        new Case(numberEventRequest("+84912000306", NumberEventType.DISCONNECTED, NOW.plus(Duration.ofMinutes(6))),
            "invalid-number-event", "occurredAt"),
        // Outside the range a protobuf Timestamp may hold: year 10000, negative nanos.
        new Case(numberEventRequest("+84912000306", NumberEventType.DISCONNECTED, NOW).toBuilder()
            .setOccurredAt(Timestamp.newBuilder().setSeconds(253_402_300_800L)).build(), "invalid-number-event",
            "occurredAt"),
        new Case(numberEventRequest("+84912000306", NumberEventType.DISCONNECTED, NOW).toBuilder()
            .setOccurredAt(Timestamp.newBuilder().setSeconds(NOW.getEpochSecond()).setNanos(-1)).build(),
            "invalid-number-event", "occurredAt")};
    for (Case c : cases) {
      StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
          () -> grpc.numberEvents(CARRIER).recordNumberEvent(c.request()));

      assertThat(e.getStatus().getCode()).as(c.toString()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(errorInfo(e).getReason()).as(c.toString()).isEqualTo(c.reason());
      assertThat(badRequest(e).orElseThrow().getFieldViolations(0).getField()).isEqualTo(c.field());
    }
    // Within the allowed clock skew: accepted.
    grpc.numberEvent("+84912000306", NumberEventType.PORTED, NOW.plus(Duration.ofMinutes(4)));
  }

  @Test
  void eventWhenReportedByAPlatformThenPermissionDeniedAndNothingRevoked() {
    String account = unique("safe");
    grpc.bind("platform-a", account, "+84912000307", unique("v"));

    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> grpc.numberEvents(PLATFORM_A)
        .recordNumberEvent(numberEventRequest("+84912000307", NumberEventType.DISCONNECTED, NOW.plusSeconds(1))));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(grpc.check(PLATFORM_A, account).getLevel()).isEqualTo(VerificationLevel.PHONE);
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void eventLogsTheNumberMaskedOnly(CapturedOutput output) {
    grpc.bind("platform-a", unique("logged"), "+84912000308", unique("v"));

    grpc.numberEvent("0912000308", NumberEventType.DISCONNECTED, NOW.plusSeconds(1));

    assertThat(output.getAll()).contains("+8491*****08").doesNotContain("912000308").doesNotContain("2000308");
  }
}
