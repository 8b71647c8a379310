package org.idnet.disclosure.requests.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.disclosure.requests.Messages.create;
import static org.idnet.identity.v1.IdentityField.FULL_NAME;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.idnet.caller.Caller;
import org.idnet.disclosure.requests.Agency;
import org.idnet.disclosure.requests.Catalogues;
import org.idnet.disclosure.requests.RequestsHarness;
import org.idnet.disclosure.v1.ApproveDisclosureRequestRequest;
import org.idnet.disclosure.v1.CreateDisclosureRequestRequest;
import org.idnet.disclosure.v1.DisclosureRequest;
import org.idnet.disclosure.v1.DisclosureStatus;
import org.idnet.disclosure.v1.DisclosureTarget;
import org.idnet.disclosure.v1.GetDisclosureRequestRequest;
import org.idnet.disclosure.v1.ListAccountNoticesRequest;
import org.idnet.disclosure.v1.ListDisclosureRequestsRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: a request names its target account, which a platform may have chosen as an e-mail
 * address. After a request is filed, approved, released and noticed, no table holds the id in
 * plain, yet officials still read it back and the platform still finds its notices.
 */
class RequestTargetsAtRestTest {

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

  @Test
  void afterFilingApprovalReleaseAndNoticesNoTableHoldsTheAccountIdInPlain() {
    Agency agency = Agency.fresh();
    String alice = "alice." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    String bob = "bob." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    CreateDisclosureRequestRequest request = create(Catalogues.CYBERSEC_ART26, FULL_NAME)
        .setTarget(DisclosureTarget.newBuilder().setPlatformId("platform-a").setAccountId(alice)).build();
    String disclosed = harness.requests(agency.officer1()).createDisclosureRequest(request).getId();
    harness.approve(agency.supervisor1(), ApproveDisclosureRequestRequest.newBuilder().setId(disclosed).build());
    harness.requests(agency.officer1()).createDisclosureRequest(create(Catalogues.CYBERSEC_ART26, FULL_NAME)
        .setTarget(DisclosureTarget.newBuilder().setPlatformId("platform-a").setAccountId(bob)).build());

    DisclosureRequest shown = harness.requests(agency.officer2()).getDisclosureRequest(
        GetDisclosureRequestRequest.newBuilder().setId(disclosed).build());
    List<DisclosureRequest> listed = harness.requests(agency.supervisor1()).listDisclosureRequests(
        ListDisclosureRequestsRequest.newBuilder().build()).getRequestsList();
    int notices = harness.notices(PLATFORM_A).listAccountNotices(ListAccountNoticesRequest.newBuilder()
        .setAccountId(alice).build()).getNoticesCount();
    String dump = dump();

    assertThat(shown.getStatus()).isEqualTo(DisclosureStatus.DISCLOSED);
    assertThat(shown.getTarget().getAccountId()).isEqualTo(alice);
    assertThat(listed).extracting(r -> r.getTarget().getAccountId()).containsExactlyInAnyOrder(alice, bob);
    assertThat(notices).isEqualTo(1);
    assertThat(dump).contains("-- disclosure_requests").contains("-- audit_entries").contains(disclosed);
    // The release wrote notice.available for alice's platform: the outbox names the request, not her.
    assertThat(harness.owner.queryForObject("SELECT count(*) FROM event_outbox WHERE request_id = ?::uuid",
        Integer.class, disclosed)).isEqualTo(1);
    assertThat(dump).contains("-- event_outbox");
    for (String form : forms(alice, bob)) {
      assertThat(dump).as("dump of the database").doesNotContainIgnoringCase(form);
    }
  }

  /** Every row of every table, bytea as hex, as the owner reads it: what a dump of the database holds. */
  static String dump() {
    List<String> lines = new ArrayList<>();
    for (String table : harness.owner.queryForList("""
        SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name""", String.class)) {
      lines.add("-- " + table);
      lines.addAll(harness.owner.queryForList("SELECT row_to_json(t)::text FROM \"" + table + "\" t", String.class));
    }
    return String.join("\n", lines);
  }

  /** The ids as text, their local parts, and their bytes in hex (bytea) and base64. */
  static List<String> forms(String... ids) {
    List<String> forms = new ArrayList<>();
    for (String id : ids) {
      byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
      forms.add(id);
      forms.add(id.substring(0, id.indexOf('@')).toLowerCase(Locale.ROOT));
      forms.add(HexFormat.of().formatHex(bytes));
      forms.add(Base64.getEncoder().encodeToString(bytes));
    }
    return forms;
  }
}
