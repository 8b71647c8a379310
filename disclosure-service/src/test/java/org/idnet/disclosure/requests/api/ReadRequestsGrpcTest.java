package org.idnet.disclosure.requests.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.disclosure.requests.Messages.create;
import static org.idnet.disclosure.requests.Messages.refusal;
import static org.idnet.identity.v1.IdentityField.FULL_NAME;

import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.idnet.disclosure.requests.Agency;
import org.idnet.disclosure.requests.Catalogues;
import org.idnet.disclosure.requests.Messages.Refusal;
import org.idnet.disclosure.requests.RequestsHarness;
import org.idnet.disclosure.v1.CancelDisclosureRequestRequest;
import org.idnet.disclosure.v1.DisclosureRequest;
import org.idnet.disclosure.v1.DisclosureStatus;
import org.idnet.disclosure.v1.GetDisclosureRequestRequest;
import org.idnet.disclosure.v1.ListDisclosureRequestsRequest;
import org.idnet.disclosure.v1.ListDisclosureRequestsResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Officers and supervisors see their own agency's requests only; others' ids look unknown. */
class ReadRequestsGrpcTest {

  static RequestsHarness harness;

  @BeforeAll
  static void start() {
    harness = RequestsHarness.start();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  static GetDisclosureRequestRequest get(String id) {
    return GetDisclosureRequestRequest.newBuilder().setId(id).build();
  }

  @Test
  void getWhenAnotherAgencysRequestThenExactlyLikeAnUnknownId() {
    Agency agency = Agency.fresh();
    DisclosureRequest filed = harness.requests(agency.officer1())
        .createDisclosureRequest(create(Catalogues.CPC_ART88, FULL_NAME).build());
    assertThat(harness.requests(agency.supervisor2()).getDisclosureRequest(get(filed.getId()))).isEqualTo(filed);

    Agency other = Agency.fresh();
    Refusal foreign = refusal(() -> harness.requests(other.officer1()).getDisclosureRequest(get(filed.getId())));
    Refusal unknown = refusal(() -> harness.requests(other.officer1())
        .getDisclosureRequest(get(UUID.randomUUID().toString())));
    Refusal malformed = refusal(() -> harness.requests(other.officer1()).getDisclosureRequest(get("42")));
    assertThat(foreign.code()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(foreign).isEqualTo(unknown).isEqualTo(malformed);
  }

  @Test
  void listWhenPagedThenOwnAgencyNewestFirstWithoutGapsOrRepeats() {
    Agency agency = Agency.fresh();
    List<String> filed = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      harness.clock.advance(Duration.ofSeconds(1));
      filed.add(0, harness.requests(i % 2 == 0 ? agency.officer1() : agency.officer2())
          .createDisclosureRequest(create(Catalogues.CPC_ART88, FULL_NAME).build()).getId());
    }
    harness.requests(Agency.fresh().officer1()).createDisclosureRequest(create(Catalogues.CPC_ART88, FULL_NAME)
        .build());

    List<String> seen = new ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      ListDisclosureRequestsResponse page = harness.requests(agency.supervisor1()).listDisclosureRequests(
          ListDisclosureRequestsRequest.newBuilder().setPageSize(3).setPageToken(token).build());
      assertThat(page.getRequestsCount()).isLessThanOrEqualTo(3);
      page.getRequestsList().forEach(r -> seen.add(r.getId()));
      token = page.getNextPageToken();
      pages++;
    } while (!token.isEmpty());
    assertThat(seen).containsExactlyElementsOf(filed);
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void listWhenStatusFilterThenOnlyThatStatusAndDefaultPageSizeTwenty() {
    Agency agency = Agency.fresh();
    for (int i = 0; i < 22; i++) {
      harness.requests(agency.officer1()).createDisclosureRequest(create(Catalogues.CPC_ART88, FULL_NAME).build());
    }
    String cancelled = harness.requests(agency.officer1())
        .createDisclosureRequest(create(Catalogues.CPC_ART88, FULL_NAME).build()).getId();
    harness.requests(agency.officer1()).cancelDisclosureRequest(
        CancelDisclosureRequestRequest.newBuilder().setId(cancelled).build());

    var all = harness.requests(agency.officer2()).listDisclosureRequests(ListDisclosureRequestsRequest
        .getDefaultInstance());
    assertThat(all.getRequestsCount()).isEqualTo(20);
    assertThat(all.getNextPageToken()).isNotEmpty();
    var onlyCancelled = harness.requests(agency.officer2()).listDisclosureRequests(ListDisclosureRequestsRequest
        .newBuilder().setStatus(DisclosureStatus.CANCELLED).build());
    assertThat(onlyCancelled.getRequestsList()).extracting(DisclosureRequest::getId).containsExactly(cancelled);
    assertThat(onlyCancelled.getNextPageToken()).isEmpty();
  }

  @Test
  void listWhenPageSizeOrTokenInvalidThenInvalidArgumentNamingTheField() {
    var stub = harness.requests(Agency.fresh().officer1());
    Refusal size = refusal(() -> stub.listDisclosureRequests(ListDisclosureRequestsRequest.newBuilder()
        .setPageSize(101).build()));
    assertThat(size.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(size.field()).isEqualTo("pageSize");
    Refusal token = refusal(() -> stub.listDisclosureRequests(ListDisclosureRequestsRequest.newBuilder()
        .setPageToken("forged").build()));
    assertThat(token.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(token.field()).isEqualTo("pageToken");
  }

  @Test
  void listWhenAnotherAgencyUsesMyPageTokenThenStillOnlyItsOwnRequests() {
    Agency mine = Agency.fresh();
    for (int i = 0; i < 3; i++) {
      harness.requests(mine.officer1()).createDisclosureRequest(create(Catalogues.CPC_ART88, FULL_NAME).build());
    }
    String token = harness.requests(mine.officer1()).listDisclosureRequests(ListDisclosureRequestsRequest
        .newBuilder().setPageSize(1).build()).getNextPageToken();
    Agency other = Agency.fresh();
    assertThat(harness.requests(other.officer1()).listDisclosureRequests(ListDisclosureRequestsRequest.newBuilder()
        .setPageToken(token).build()).getRequestsList()).isEmpty();
  }
}
