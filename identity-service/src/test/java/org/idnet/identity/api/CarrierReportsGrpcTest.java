package org.idnet.identity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.idnet.identity.api.GrpcHarness.NOW;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_A;
import static org.idnet.identity.api.GrpcHarness.errorInfo;
import static org.idnet.identity.api.GrpcHarness.unique;

import com.google.rpc.RetryInfo;
import com.zaxxer.hikari.HikariDataSource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.Set;
import org.idnet.caller.Caller;
import org.idnet.identity.TestDatabase;
import org.idnet.identity.store.Resilience4jRateLimit;
import org.idnet.identity.v1.NumberEventType;
import org.idnet.identity.v1.VerificationLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Number events name the carrier that reported them (its token's client id, never a request
 * field), each carrier has its own allowance of reports, the events are an append-only record, and
 * a counter per carrier shows who reports how much.
 */
class CarrierReportsGrpcTest {

  static final int ALLOWANCE = 3;

  static HikariDataSource dataSource;
  static GrpcHarness grpc;
  static JdbcClient jdbc;

  @BeforeAll
  static void start() throws Exception {
    dataSource = TestDatabase.migrated("identity_carrier_reports");
    grpc = GrpcHarness.over(dataSource, GrpcHarness.newKeys())
        .perCarrier(new Resilience4jRateLimit(ALLOWANCE, Duration.ofHours(1))).start();
    jdbc = TestDatabase.asOwner(dataSource);
  }

  @AfterAll
  static void stop() {
    grpc.close();
    dataSource.close();
  }

  /** A carrier of its own per test, so allowances never mix. */
  static Caller carrier() {
    String id = unique("carrier");
    return new Caller("service-account-" + id, id, "", Set.of("carrier"));
  }

  /** Summed over the event types. */
  static double count(Caller carrier, String outcome) {
    return grpc.meters.find(NumberEventGrpcService.METRIC).tag("carrier", carrier.clientId())
        .tag("outcome", outcome).counters().stream().mapToDouble(Counter::count).sum();
  }

  @Test
  void eachEventRecordsTheCarrierThatReportedIt() {
    Caller viettel = carrier();
    Caller mobifone = carrier();
    // A Viettel-range number reported by another carrier: numbers are ported, prefixes prove nothing.
    grpc.numberEvent(viettel, "+84961000001", NumberEventType.DISCONNECTED, NOW);
    grpc.numberEvent(mobifone, "+84961000002", NumberEventType.REASSIGNED, NOW);

    assertThat(jdbc.sql("SELECT carrier_id FROM number_events WHERE carrier_id IN (?, ?) ORDER BY type")
        .param(viettel.clientId()).param(mobifone.clientId()).query(String.class).list())
        .containsExactly(viettel.clientId(), mobifone.clientId());
  }

  @Test
  void reportsBeyondTheCarriersAllowanceAreRefusedAndChangeNothingWhileOthersGoOn() throws Exception {
    Caller busy = carrier();
    Caller other = carrier();
    String account = unique("holder");
    grpc.bind("platform-a", account, "+84961000109", unique("v"));
    grpc.clock.set(NOW.plusSeconds(60));
    for (int i = 0; i < ALLOWANCE; i++) {
      grpc.numberEvent(busy, "+8496100010" + i, NumberEventType.DISCONNECTED, NOW.plusSeconds(30));
    }

    StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
        () -> grpc.numberEvent(busy, "+84961000109", NumberEventType.DISCONNECTED, NOW.plusSeconds(30)));

    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(errorInfo(refused).getReason()).isEqualTo("rate-limited");
    assertThat(StatusProto.fromThrowable(refused).getDetailsList()).filteredOn(d -> d.is(RetryInfo.class))
        .singleElement().satisfies(d -> assertThat(d.unpack(RetryInfo.class).getRetryDelay().getSeconds())
            .isBetween(1L, 3600L));
    assertThat(grpc.check(PLATFORM_A, account).getLevel()).isEqualTo(VerificationLevel.PHONE);
    assertThat(jdbc.sql("SELECT count(*)::int FROM number_events WHERE carrier_id = ?").param(busy.clientId())
        .query(Integer.class).single()).isEqualTo(ALLOWANCE);
    grpc.numberEvent(other, "+84961000109", NumberEventType.DISCONNECTED, NOW.plusSeconds(30));
    assertThat(grpc.check(PLATFORM_A, account).getLevel()).isEqualTo(VerificationLevel.NONE);
  }

  @Test
  void theRecordOfReportsIsAppendOnlyForEveryDatabaseUser() {
    Caller carrier = carrier();
    grpc.numberEvent(carrier, "+84961000201", NumberEventType.PORTED, NOW);

    assertThatThrownBy(() -> jdbc.sql("UPDATE number_events SET carrier_id = 'someone-else' WHERE carrier_id = ?")
        .param(carrier.clientId()).update()).hasMessageContaining("append-only");
    assertThatThrownBy(() -> jdbc.sql("DELETE FROM number_events WHERE carrier_id = ?")
        .param(carrier.clientId()).update()).hasMessageContaining("append-only");
    assertThatThrownBy(() -> jdbc.sql("TRUNCATE number_events").update()).hasMessageContaining("append-only");
    assertThat(jdbc.sql("SELECT count(*)::int FROM number_events WHERE carrier_id = ?").param(carrier.clientId())
        .query(Integer.class).single()).isEqualTo(1);
  }

  @Test
  void theCounterCountsEachCarriersReportsByOutcome() {
    Caller carrier = carrier();
    grpc.numberEvent(carrier, "+84961000301", NumberEventType.DISCONNECTED, NOW);
    grpc.numberEvent(carrier, "+84961000302", NumberEventType.PORTED, NOW);
    catchThrowableOfType(StatusRuntimeException.class,
        () -> grpc.numberEvent(carrier, "+84961000303", NumberEventType.NUMBER_EVENT_TYPE_UNSPECIFIED, NOW));
    catchThrowableOfType(StatusRuntimeException.class,
        () -> grpc.numberEvent(carrier, "+84961000304", NumberEventType.DISCONNECTED, NOW));

    assertThat(count(carrier, "recorded")).isEqualTo(2.0);
    assertThat(count(carrier, "invalid")).isEqualTo(1.0);
    assertThat(count(carrier, "rate-limited")).isEqualTo(1.0);
    assertThat(count(carrier(), "recorded")).isZero();
  }
}
