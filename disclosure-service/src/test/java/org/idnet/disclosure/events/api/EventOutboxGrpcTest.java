package org.idnet.disclosure.events.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.disclosure.requests.Messages.create;
import static org.idnet.disclosure.requests.Messages.refusal;
import static org.idnet.identity.v1.IdentityField.FULL_NAME;
import static org.idnet.identity.v1.IdentityField.PHONE_NUMBER;

import io.grpc.Status;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.idnet.caller.Caller;
import org.idnet.disclosure.TestPeers;
import org.idnet.disclosure.requests.Agency;
import org.idnet.disclosure.requests.Catalogues;
import org.idnet.disclosure.requests.RequestsHarness;
import org.idnet.disclosure.v1.ApproveDisclosureRequestRequest;
import org.idnet.disclosure.v1.CreateDisclosureRequestRequest;
import org.idnet.disclosure.v1.DisclosureRequest;
import org.idnet.disclosure.v1.ListAccountNoticesRequest;
import org.idnet.outbox.v1.AcknowledgeEventsRequest;
import org.idnet.outbox.v1.EventOutboxServiceGrpc;
import org.idnet.outbox.v1.OutboxEvent;
import org.idnet.outbox.v1.ReadEventsRequest;
import org.idnet.webhooks.v1.WebhookEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * EventOutboxService as webhook-dispatcher uses it, behind the production interceptor chain: the
 * oldest events first, each carrying exactly the notice ListAccountNotices answers and the
 * platform's own account id; acknowledged events leave; every peer but webhook-dispatcher refused.
 */
class EventOutboxGrpcTest {

  static final String DISPATCHER = "webhook-dispatcher";
  static final Caller PLATFORM_A = new Caller("sa-platform-a", "platform-a", "", Set.of("platform"));
  static RequestsHarness harness;

  @BeforeAll
  static void start() {
    harness = RequestsHarness.start();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  static EventOutboxServiceGrpc.EventOutboxServiceBlockingStub dispatcher() {
    return harness.outbox(DISPATCHER);
  }

  static List<OutboxEvent> read(int limit) {
    return dispatcher().readEvents(ReadEventsRequest.newBuilder().setLimit(limit).build()).getEventsList();
  }

  /** Acknowledges whatever earlier tests left, so each test sees only its own events. */
  @BeforeEach
  void drain() {
    for (List<OutboxEvent> events = read(500); !events.isEmpty(); events = read(500)) {
      dispatcher().acknowledgeEvents(AcknowledgeEventsRequest.newBuilder()
          .addAllPositions(events.stream().map(OutboxEvent::getPosition).toList()).build());
    }
  }

  /** Each a second after the one before, so notices (ordered by disclosure time) list them in this order. */
  static DisclosureRequest disclose(CreateDisclosureRequestRequest request) {
    harness.clock.advance(java.time.Duration.ofSeconds(1));
    Agency agency = Agency.fresh();
    String id = harness.requests(agency.officer1()).createDisclosureRequest(request).getId();
    return harness.approve(agency.supervisor1(), ApproveDisclosureRequestRequest.newBuilder().setId(id).build());
  }

  @Test
  void readEventsWhenSeveralReleasedThenOldestFirstEachWithTheNoticeListAccountNoticesAnswers() {
    CreateDisclosureRequestRequest first = create(Catalogues.CYBERSEC_ART26, FULL_NAME, PHONE_NUMBER).build();
    String account = first.getTarget().getAccountId();
    CreateDisclosureRequestRequest second = create(Catalogues.CPC_ART88, FULL_NAME).setTarget(first.getTarget())
        .build();
    CreateDisclosureRequestRequest other = create(Catalogues.CPC_ART88, PHONE_NUMBER).build();
    DisclosureRequest a = disclose(first);
    DisclosureRequest b = disclose(second);
    DisclosureRequest c = disclose(other);

    List<OutboxEvent> events = read(10);

    assertThat(events).hasSize(3);
    assertThat(events).extracting(OutboxEvent::getPosition).isSorted().doesNotHaveDuplicates();
    assertThat(events).extracting(OutboxEvent::getPlatformId).containsOnly("platform-a");
    assertThat(events).extracting(e -> e.getEvent().getAccountId())
        .containsExactly(account, account, other.getTarget().getAccountId());
    var notices = harness.notices(PLATFORM_A).listAccountNotices(ListAccountNoticesRequest.newBuilder()
        .setAccountId(account).build()).getNoticesList();
    var otherNotices = harness.notices(PLATFORM_A).listAccountNotices(ListAccountNoticesRequest.newBuilder()
        .setAccountId(other.getTarget().getAccountId()).build()).getNoticesList();
    assertThat(notices).hasSize(2);
    assertThat(events).extracting(e -> e.getEvent().getNoticeAvailable().getNotice())
        .containsExactly(notices.get(0), notices.get(1), otherNotices.get(0));
    for (int i = 0; i < 3; i++) {
      WebhookEvent event = events.get(i).getEvent();
      assertThat(event.getType()).isEqualTo("notice.available");
      assertThat(event.getDataCase()).isEqualTo(WebhookEvent.DataCase.NOTICE_AVAILABLE);
      assertThat(UUID.fromString(event.getId()).toString()).isEqualTo(event.getId());
      assertThat(event.getOccurredAt()).isEqualTo(List.of(a, b, c).get(i).getDisclosedAt());
    }
    assertThat(events).extracting(e -> e.getEvent().getId()).doesNotHaveDuplicates();
    // Read again before acknowledging: the same events, the same ids.
    assertThat(read(10)).isEqualTo(events);
    assertThat(read(2)).isEqualTo(events.subList(0, 2));
  }

  @Test
  void acknowledgeEventsWhenStoredThenThoseLeaveAndTheRestStay() {
    disclose(create(Catalogues.CPC_ART88, FULL_NAME).build());
    disclose(create(Catalogues.CPC_ART88, FULL_NAME).build());
    disclose(create(Catalogues.CPC_ART88, FULL_NAME).build());
    List<OutboxEvent> events = read(10);
    assertThat(events).hasSize(3);

    dispatcher().acknowledgeEvents(AcknowledgeEventsRequest.newBuilder().addPositions(events.get(0).getPosition())
        .addPositions(events.get(2).getPosition()).build());

    assertThat(read(10)).containsExactly(events.get(1));
    // Acknowledged before, or never written: ignored.
    dispatcher().acknowledgeEvents(AcknowledgeEventsRequest.newBuilder().addPositions(events.get(0).getPosition())
        .addPositions(Long.MAX_VALUE).build());
    assertThat(read(10)).containsExactly(events.get(1));
    assertThat(harness.owner.queryForObject("SELECT count(*) FROM event_outbox", Integer.class)).isEqualTo(1);
  }

  @Test
  void readEventsWhenLimitOutside1To500ThenInvalidArgumentNamingLimit() {
    for (int limit : new int[] {0, -1, 501}) {
      var refused = refusal(() -> read(limit));
      assertThat(refused.code()).as("limit %d", limit).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(refused.reason()).isEqualTo("invalid-request");
      assertThat(refused.field()).isEqualTo("limit");
    }
    assertThat(read(1)).isEmpty();
    assertThat(read(500)).isEmpty();
  }

  @Test
  void acknowledgeEventsWhenNoneOrMoreThan500ThenInvalidArgumentNamingPositions() {
    AcknowledgeEventsRequest.Builder tooMany = AcknowledgeEventsRequest.newBuilder();
    for (long p = 1; p <= 501; p++) {
      tooMany.addPositions(p);
    }
    for (AcknowledgeEventsRequest request : List.of(AcknowledgeEventsRequest.getDefaultInstance(), tooMany.build())) {
      var refused = refusal(() -> dispatcher().acknowledgeEvents(request));
      assertThat(refused.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(refused.field()).isEqualTo("positions");
    }
  }

  @Test
  void outboxWhenCalledByAnyPeerButWebhookDispatcherThenRefusedAndNothingRemoved() {
    disclose(create(Catalogues.CPC_ART88, FULL_NAME).build());
    List<OutboxEvent> events = read(10);
    assertThat(events).hasSize(1);
    AcknowledgeEventsRequest ack = AcknowledgeEventsRequest.newBuilder().addPositions(events.get(0).getPosition())
        .build();

    for (String peer : List.of("gateway", "identity-service", "phone-otp-service", "disclosure-service",
        "webhook-dispatcher-2")) {
      var stub = harness.outbox(peer);
      assertThat(refusal(() -> stub.readEvents(ReadEventsRequest.newBuilder().setLimit(10).build())).code())
          .as(peer).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(refusal(() -> stub.acknowledgeEvents(ack)).code()).as(peer).isEqualTo(Status.Code.PERMISSION_DENIED);
    }
    // A platform through the gateway is no dispatcher either.
    var viaGateway = harness.outbox(TestPeers.gateway(PLATFORM_A));
    assertThat(refusal(() -> viaGateway.readEvents(ReadEventsRequest.newBuilder().setLimit(10).build())).code())
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    // No peer identity at all.
    var anonymous = harness.outbox(new io.grpc.ClientInterceptor[0]);
    assertThat(refusal(() -> anonymous.readEvents(ReadEventsRequest.newBuilder().setLimit(10).build())).code())
        .isEqualTo(Status.Code.UNAUTHENTICATED);

    assertThat(read(10)).isEqualTo(events);
  }
}
