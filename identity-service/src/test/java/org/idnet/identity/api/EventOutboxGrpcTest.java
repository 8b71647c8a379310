package org.idnet.identity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.idnet.identity.api.GrpcHarness.CARRIER;
import static org.idnet.identity.api.GrpcHarness.DISCLOSURE;
import static org.idnet.identity.api.GrpcHarness.NOW;
import static org.idnet.identity.api.GrpcHarness.OTP;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_A;
import static org.idnet.identity.api.GrpcHarness.WEBHOOK_DISPATCHER;
import static org.idnet.identity.api.GrpcHarness.unique;

import com.google.protobuf.util.Timestamps;
import com.zaxxer.hikari.HikariDataSource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.MonthDay;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.idnet.caller.Caller;
import org.idnet.identity.TestCitizens;
import org.idnet.identity.TestDatabase;
import org.idnet.identity.domain.AgeRule;
import org.idnet.identity.store.FieldCipher;
import org.idnet.identity.store.JdbcComingOfAge;
import org.idnet.identity.store.KeyProvider;
import org.idnet.identity.v1.AgeBand;
import org.idnet.identity.v1.Capability;
import org.idnet.identity.v1.NumberEventType;
import org.idnet.identity.v1.VerificationLevel;
import org.idnet.identity.v1.VerificationStatus;
import org.idnet.outbox.v1.AcknowledgeEventsRequest;
import org.idnet.outbox.v1.EventOutboxServiceGrpc.EventOutboxServiceBlockingStub;
import org.idnet.outbox.v1.OutboxEvent;
import org.idnet.outbox.v1.ReadEventsRequest;
import org.idnet.webhooks.v1.WebhookEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * EventOutboxService: webhook-dispatcher alone reads and acknowledges the outbox, in the order the
 * events were written; a verification_changed event tells the account's standing as it reads now.
 */
class EventOutboxGrpcTest {

  static HikariDataSource dataSource;
  static GrpcHarness grpc;
  /** The coming-of-age job over the same database and keys. */
  static JdbcComingOfAge comingOfAge;

  @BeforeAll
  static void start() throws Exception {
    dataSource = TestDatabase.migrated("identity_outbox_grpc");
    KeyProvider keys = GrpcHarness.newKeys();
    grpc = GrpcHarness.over(dataSource, keys).start();
    comingOfAge = new JdbcComingOfAge(dataSource, new DataSourceTransactionManager(dataSource), new FieldCipher(keys),
        new AgeRule(GrpcHarness.VIETNAM));
  }

  @AfterAll
  static void stop() {
    grpc.close();
    dataSource.close();
  }

  /** Each test starts with an empty outbox: whatever is left is read and acknowledged. */
  @BeforeEach
  void drain() {
    grpc.clock.set(NOW);
    List<OutboxEvent> left = read(500);
    if (!left.isEmpty()) {
      acknowledge(left.stream().map(OutboxEvent::getPosition).toList());
    }
  }

  static EventOutboxServiceBlockingStub dispatcher() {
    return grpc.outbox(WEBHOOK_DISPATCHER);
  }

  static List<OutboxEvent> read(int limit) {
    return dispatcher().readEvents(ReadEventsRequest.newBuilder().setLimit(limit).build()).getEventsList();
  }

  static void acknowledge(List<Long> positions) {
    dispatcher().acknowledgeEvents(AcknowledgeEventsRequest.newBuilder().addAllPositions(positions).build());
  }

  @Test
  void everyPeerButWebhookDispatcherIsRefused() {
    Caller platformAdmin = new Caller("sa-platform-a", "platform-a", "", Set.of("platform", "admin", "auditor"));
    for (Caller caller : List.of(PLATFORM_A, platformAdmin, CARRIER, OTP, DISCLOSURE)) {
      List<Consumer<EventOutboxServiceBlockingStub>> calls = List.of(
          stub -> stub.readEvents(ReadEventsRequest.newBuilder().setLimit(10).build()),
          stub -> stub.acknowledgeEvents(AcknowledgeEventsRequest.newBuilder().addPositions(1).build()));
      for (Consumer<EventOutboxServiceBlockingStub> call : calls) {
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
            () -> call.accept(grpc.outbox(caller)));
        assertThat(refused).as(caller.clientId()).isNotNull();
        assertThat(refused.getStatus().getCode()).as(caller.clientId()).isEqualTo(Status.Code.PERMISSION_DENIED);
      }
    }
    // No peer at all: not even known who calls.
    StatusRuntimeException anonymous = catchThrowableOfType(StatusRuntimeException.class, () ->
        org.idnet.outbox.v1.EventOutboxServiceGrpc.newBlockingStub(grpc.channel())
            .readEvents(ReadEventsRequest.newBuilder().setLimit(10).build()));
    assertThat(anonymous.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    // The refused calls took nothing away.
    grpc.bind("platform-a", unique("kept"), "+84912000601", unique("v"));
    assertThat(read(500)).hasSize(1);
  }

  @Test
  void eventsAreReadOldestFirstWithTheStandingAsItReadsNowAndAcknowledgedAway() {
    String alice = "alice@example.com";
    grpc.bind("platform-a", alice, "+84912000602", unique("v"));
    grpc.clock.advance(Duration.ofSeconds(1));
    grpc.registerRealName(PLATFORM_A, TestCitizens.form(alice, TestCitizens.bornIn(1985)));

    List<OutboxEvent> events = read(500);

    assertThat(events).hasSize(2);
    assertThat(events).extracting(OutboxEvent::getPosition).isSorted().doesNotHaveDuplicates();
    assertThat(events).extracting(e -> e.getEvent().getId()).doesNotHaveDuplicates();
    for (OutboxEvent event : events) {
      assertThat(event.getPlatformId()).isEqualTo("platform-a");
      WebhookEvent webhook = event.getEvent();
      assertThat(webhook.getType()).isEqualTo("account.verification_changed");
      assertThat(webhook.getAccountId()).isEqualTo(alice);
      assertThat(webhook.getDataCase()).isEqualTo(WebhookEvent.DataCase.VERIFICATION_CHANGED);
      // Both read now: REAL_NAME, although the first was written when the account was PHONE.
      assertThat(webhook.getVerificationChanged().getStatus()).isEqualTo(VerificationStatus.VERIFIED);
      assertThat(webhook.getVerificationChanged().getLevel()).isEqualTo(VerificationLevel.REAL_NAME);
      assertThat(webhook.getVerificationChanged().getAgeBand()).isEqualTo(AgeBand.ADULT);
      assertThat(webhook.getVerificationChanged().getCapabilitiesList()).containsExactly(Capability.COMMENT,
          Capability.POST, Capability.LIVESTREAM, Capability.COMMERCE);
    }
    assertThat(Timestamps.toMillis(events.get(0).getEvent().getOccurredAt())).isEqualTo(NOW.toEpochMilli());
    assertThat(Timestamps.toMillis(events.get(1).getEvent().getOccurredAt()))
        .isEqualTo(NOW.plusSeconds(1).toEpochMilli());
    // Read again until acknowledged: the same events, the same ids.
    assertThat(read(500)).isEqualTo(events);
    assertThat(read(1)).containsExactly(events.get(0));

    acknowledge(List.of(events.get(0).getPosition()));
    assertThat(read(500)).containsExactly(events.get(1));
    // Acknowledging again, or positions never written, changes nothing.
    acknowledge(List.of(events.get(0).getPosition(), Long.MAX_VALUE));
    acknowledge(List.of(events.get(1).getPosition()));
    assertThat(read(500)).isEmpty();
  }

  @Test
  void aRecycledNumberAndAClosedAccountArriveAsTheirEvents() {
    String bob = unique("bob");
    String carol = unique("carol");
    grpc.bind("platform-a", bob, "+84912000603", unique("v"));
    grpc.bind("platform-b", carol, "+84912000604", unique("v"));
    grpc.clock.advance(Duration.ofMinutes(1));
    grpc.numberEvent("+84912000603", NumberEventType.REASSIGNED, NOW.plusSeconds(30));
    grpc.closeAccount(new Caller("sa-platform-b", "platform-b", "", Set.of("platform")), carol);

    List<WebhookEvent> events = read(500).stream().map(OutboxEvent::getEvent).toList();

    assertThat(events).extracting(WebhookEvent::getType).containsExactly("account.verification_changed",
        "account.verification_changed", "binding.revoked", "account.verification_changed", "account.closed");
    assertThat(events.get(2).getAccountId()).isEqualTo(bob);
    assertThat(events.get(2).getBindingRevoked().getReason()).isEqualTo("number-reassigned");
    assertThat(events.get(3).getVerificationChanged().getStatus()).isEqualTo(VerificationStatus.REVOKED);
    assertThat(events.get(3).getVerificationChanged().getLevel()).isEqualTo(VerificationLevel.NONE);
    assertThat(events.get(3).getVerificationChanged().getCapabilitiesList()).isEmpty();
    assertThat(events.get(4).getAccountId()).isEqualTo(carol);
    assertThat(events.get(4).getDataCase()).isEqualTo(WebhookEvent.DataCase.ACCOUNT_CLOSED);
    // carol's first event reads as carol stands now: closed, so REVOKED.
    assertThat(events.get(1).getVerificationChanged().getStatus()).isEqualTo(VerificationStatus.REVOKED);
  }

  @Test
  void aMinorsEventsTellTheMinorsCapabilities() {
    String guardian = unique("guardian");
    String minor = unique("minor");
    grpc.registerRealName(PLATFORM_A, TestCitizens.form(guardian, TestCitizens.bornIn(1980)));
    grpc.registerRealName(PLATFORM_A, TestCitizens.form(minor, TestCitizens.bornIn(2014), guardian));

    OutboxEvent last = read(500).getLast();

    assertThat(last.getEvent().getAccountId()).isEqualTo(minor);
    assertThat(last.getEvent().getVerificationChanged().getAgeBand()).isEqualTo(AgeBand.MINOR);
    assertThat(last.getEvent().getVerificationChanged().getCapabilitiesList()).doesNotContain(Capability.COMMERCE)
        .isNotEmpty();
  }

  @Test
  void aMinorTurningSixteenArrivesFromTheJobAsAnAdultWhoMaySell() {
    String guardian = unique("guardian");
    String minor = unique("minor");
    grpc.registerRealName(PLATFORM_A, TestCitizens.form(guardian, TestCitizens.bornIn(1980)));
    grpc.registerRealName(PLATFORM_A, TestCitizens.form(minor,
        TestCitizens.bornLaterInYearThan(2010, MonthDay.from(NOW.atZone(GrpcHarness.VIETNAM))), guardian));
    drain();

    comingOfAge.announce(grpc.clock.instant());
    assertThat(read(500)).isEmpty();

    // 31 December 2026, midday in Hanoi: 16 now, whatever the day of birth in 2010.
    grpc.clock.set(Instant.parse("2026-12-31T05:00:00Z"));
    comingOfAge.announce(grpc.clock.instant());
    comingOfAge.announce(grpc.clock.instant());

    List<OutboxEvent> events = read(500);
    assertThat(events).hasSize(1);
    WebhookEvent event = events.getFirst().getEvent();
    assertThat(event.getAccountId()).isEqualTo(minor);
    assertThat(event.getType()).isEqualTo("account.verification_changed");
    assertThat(Timestamps.toMillis(event.getOccurredAt())).isEqualTo(grpc.clock.instant().toEpochMilli());
    assertThat(event.getVerificationChanged().getAgeBand()).isEqualTo(AgeBand.ADULT);
    assertThat(event.getVerificationChanged().getLevel()).isEqualTo(VerificationLevel.REAL_NAME);
    assertThat(event.getVerificationChanged().getCapabilitiesList()).contains(Capability.COMMERCE);
  }

  @Test
  void limitsOutsideOneToFiveHundredAreInvalidArguments() throws Exception {
    for (int limit : new int[] {0, -1, 501}) {
      StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
          () -> dispatcher().readEvents(ReadEventsRequest.newBuilder().setLimit(limit).build()));
      assertThat(e.getStatus().getCode()).as("limit %d", limit).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(GrpcHarness.errorInfo(e).getReason()).isEqualTo("invalid-count");
      assertThat(GrpcHarness.badRequest(e).orElseThrow().getFieldViolations(0).getField()).isEqualTo("limit");
    }
    for (int count : new int[] {0, 501}) {
      AcknowledgeEventsRequest.Builder request = AcknowledgeEventsRequest.newBuilder();
      for (long i = 1; i <= count; i++) {
        request.addPositions(i);
      }
      StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
          () -> dispatcher().acknowledgeEvents(request.build()));
      assertThat(e.getStatus().getCode()).as("%d positions", count).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(GrpcHarness.errorInfo(e).getReason()).isEqualTo("invalid-count");
    }
    String account = unique("limits");
    grpc.bind("platform-a", account, "+84912000605", unique("v"));
    // The bounds themselves are fine.
    assertThat(read(1)).hasSize(1);
    assertThat(read(500)).hasSize(1);
    acknowledge(java.util.stream.LongStream.rangeClosed(1, 500).boxed().toList());
    assertThat(read(500)).isEmpty();
  }
}
