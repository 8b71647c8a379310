package org.idnet.disclosure.requests.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.disclosure.requests.Messages.create;
import static org.idnet.disclosure.requests.Messages.refusal;
import static org.idnet.identity.v1.IdentityField.FULL_NAME;
import static org.idnet.identity.v1.IdentityField.NATIONAL_ID;

import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.idnet.disclosure.api.ProtoTime;
import org.idnet.disclosure.requests.Agency;
import org.idnet.disclosure.requests.Catalogues;
import org.idnet.disclosure.requests.Messages.Refusal;
import org.idnet.disclosure.requests.RequestsHarness;
import org.idnet.disclosure.v1.ApproveDisclosureRequestRequest;
import org.idnet.disclosure.v1.CreateDisclosureRequestRequest;
import org.idnet.disclosure.v1.DisclosureRequest;
import org.idnet.disclosure.v1.DisclosureStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Idempotency-Key: a repeat by the same officer answers the first response and creates nothing,
 * even when concurrent; a colleague's key is theirs.
 */
class IdempotencyGrpcTest {

  static RequestsHarness harness;

  @BeforeAll
  static void start() {
    harness = RequestsHarness.start();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void createWhenSameKeyAndBodyRepeatedThenSameRequestAndNothingNew() {
    Agency agency = Agency.fresh();
    CreateDisclosureRequestRequest body = create(Catalogues.CPC_ART88, FULL_NAME).build();
    DisclosureRequest first = harness.requests(agency.officer1(), "key-1").createDisclosureRequest(body);
    harness.clock.advance(Duration.ofHours(23));
    DisclosureRequest repeat = harness.requests(agency.officer1(), "key-1").createDisclosureRequest(body);

    assertThat(repeat).isEqualTo(first);
    assertThat(harness.requestRows(agency.id())).isEqualTo(1);
    assertThat(harness.audited("REQUEST_CREATED", first.getId())).isEqualTo(1);
  }

  @Test
  void createWhenSameKeyOtherBodyThenIdempotencyKeyReused() {
    Agency agency = Agency.fresh();
    CreateDisclosureRequestRequest body = create(Catalogues.CPC_ART88, FULL_NAME).build();
    harness.requests(agency.officer1(), "key-2").createDisclosureRequest(body);
    Refusal refusal = refusal(() -> harness.requests(agency.officer1(), "key-2")
        .createDisclosureRequest(body.toBuilder().addFields(NATIONAL_ID).build()));
    assertThat(refusal.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(refusal.reason()).isEqualTo("idempotency-key-reused");
    assertThat(harness.requestRows(agency.id())).isEqualTo(1);
  }

  @Test
  void createWhenKeysAreOfDifferentAgenciesThenIndependent() {
    CreateDisclosureRequestRequest body = create(Catalogues.CPC_ART88, FULL_NAME).build();
    DisclosureRequest a = harness.requests(Agency.fresh().officer1(), "shared").createDisclosureRequest(body);
    DisclosureRequest b = harness.requests(Agency.fresh().officer1(), "shared").createDisclosureRequest(body);
    assertThat(a.getId()).isNotEqualTo(b.getId());
  }

  @Test
  void createWhenAColleagueUsesTheSameKeyThenTheirOwnRequest() {
    Agency agency = Agency.fresh();
    CreateDisclosureRequestRequest body = create(Catalogues.CPC_ART88, FULL_NAME).build();
    DisclosureRequest mine = harness.requests(agency.officer1(), "case-2026-0042").createDisclosureRequest(body);
    DisclosureRequest theirs = harness.requests(agency.officer2(), "case-2026-0042")
        .createDisclosureRequest(body.toBuilder().addFields(NATIONAL_ID).build());

    assertThat(theirs.getId()).isNotEqualTo(mine.getId());
    assertThat(theirs.getRequestedBy()).isEqualTo(agency.officer2().subject());
    assertThat(harness.requestRows(agency.id())).isEqualTo(2);
  }

  @Test
  void createWhenRepeatedAfterTheRequestMovedOnThenTheFirstAnswerAgain() {
    Agency agency = Agency.fresh();
    CreateDisclosureRequestRequest body = create(Catalogues.CPC_ART88, FULL_NAME).build();
    DisclosureRequest first = harness.requests(agency.officer1(), "key-4").createDisclosureRequest(body);
    harness.approve(agency.supervisor1(), ApproveDisclosureRequestRequest.newBuilder().setId(first.getId()).build());

    DisclosureRequest repeat = harness.requests(agency.officer1(), "key-4").createDisclosureRequest(body);

    assertThat(repeat).isEqualTo(first);
    assertThat(repeat.getStatus()).isEqualTo(DisclosureStatus.AWAITING_APPROVAL);
  }

  @Test
  void createWhenRepeatedAfterItsConfidentialityDatePassedThenAnsweredNotRejudged() {
    Agency agency = Agency.fresh();
    CreateDisclosureRequestRequest body = create(Catalogues.CPC_ART88, FULL_NAME)
        .setConfidentialUntil(ProtoTime.of(harness.clock.instant().plusSeconds(30))).build();
    DisclosureRequest first = harness.requests(agency.officer1(), "key-5").createDisclosureRequest(body);
    harness.clock.advance(Duration.ofSeconds(40));

    assertThat(harness.requests(agency.officer1(), "key-5").createDisclosureRequest(body)).isEqualTo(first);
    Refusal unkeyed = refusal(() -> harness.requests(agency.officer1()).createDisclosureRequest(body));
    assertThat(unkeyed.field()).isEqualTo("confidentialUntil");
    assertThat(harness.requestRows(agency.id())).isEqualTo(1);
  }

  @Test
  void createWhenKeyOlderThan24HoursThenANewRequest() {
    Agency agency = Agency.fresh();
    CreateDisclosureRequestRequest body = create(Catalogues.CPC_ART88, FULL_NAME).build();
    DisclosureRequest first = harness.requests(agency.officer1(), "key-3").createDisclosureRequest(body);
    harness.clock.advance(Duration.ofHours(24).plusSeconds(1));
    DisclosureRequest later = harness.requests(agency.officer1(), "key-3").createDisclosureRequest(body);
    assertThat(later.getId()).isNotEqualTo(first.getId());
    assertThat(harness.requestRows(agency.id())).isEqualTo(2);
  }

  @Test
  void createWhenKeyMalformedThenInvalidArgumentAndNothingStored() {
    Agency agency = Agency.fresh();
    CreateDisclosureRequestRequest body = create(Catalogues.CPC_ART88, FULL_NAME).build();
    for (String key : new String[] {"k".repeat(65), "with space"}) {
      Refusal refusal = refusal(() -> harness.requests(agency.officer1(), key).createDisclosureRequest(body));
      assertThat(refusal.code()).as(key).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(refusal.field()).isEqualTo("Idempotency-Key");
    }
    assertThat(harness.requestRows(agency.id())).isZero();
  }

  @Test
  void createWhenSameKeyAndBodyConcurrentlyThenOneRequestAndEveryoneGetsIt() throws Exception {
    Agency agency = Agency.fresh();
    CreateDisclosureRequestRequest body = create(Catalogues.CPC_ART88, FULL_NAME).build();
    int callers = 8;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        Callable<String> call = () -> {
          go.await();
          return harness.requests(agency.officer1(), "concurrent").createDisclosureRequest(body).getId();
        };
        answers.add(pool.submit(call));
      }
      go.countDown();
      Set<String> ids = answers.stream().map(f -> {
        try {
          return f.get();
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }).collect(Collectors.toSet());
      assertThat(ids).hasSize(1);
      assertThat(harness.requestRows(agency.id())).isEqualTo(1);
      assertThat(harness.audited("REQUEST_CREATED", ids.iterator().next())).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }
}
