package org.idnet.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.ExtensionRegistry;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.idnet.api.v1.AccessPolicy;
import org.idnet.api.v1.AccessProto;
import org.idnet.caller.Peer;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class ApiCatalogTest {

  private final ApiCatalog catalog = ApiCatalog.load();

  @Test
  void everyRouteHasRolesOrIsDeclaredPublic() {
    assertThat(catalog.routes()).isNotEmpty().allSatisfy(route ->
        assertThat(route.isPublic() || !route.roles().isEmpty()).as(route.id()).isTrue());
  }

  @Test
  void internalMethodsHaveNoRoute() {
    assertThat(catalog.routes()).noneMatch(r -> r.serviceName().equals("idnet.identity.v1.PhoneBindingService"));
    assertThat(catalog.routes()).noneMatch(r -> r.serviceName().equals("idnet.identity.v1.IdentityReleaseService"));
    assertThat(catalog.routes()).allSatisfy(r -> assertThat(r.policy().getPeersList()).isEmpty());
  }

  /**
   * The web (docs/pages.md) is an API client of the gateway, never an mTLS peer: no method of the whole
   * contract, external or internal, lists it in {@code peers}, and no certificate naming it names a peer.
   * Every method's policy is read, not only the routes'.
   */
  @Test
  void noAccessPolicyNamesTheWeb() throws Exception {
    ExtensionRegistry registry = ExtensionRegistry.newInstance();
    AccessProto.registerAllExtensions(registry);
    List<String> peersSeen = new ArrayList<>();
    int methods = 0;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(ApiCatalog.DESCRIPTOR_SET)) {
      assertThat(in).as(ApiCatalog.DESCRIPTOR_SET).isNotNull();
      for (var file : FileDescriptorSet.parseFrom(in, registry).getFileList()) {
        for (var service : file.getServiceList()) {
          for (MethodDescriptorProto method : service.getMethodList()) {
            methods++;
            AccessPolicy policy = method.getOptions().getExtension(AccessProto.access);
            policy.getPeersList().forEach(p -> peersSeen.add(service.getName() + "." + method.getName() + " " + p));
            assertThat(policy.getPeersList()).as(service.getName() + "." + method.getName()).doesNotContain("web", "idnet-web");
          }
        }
      }
    }
    assertThat(methods).isGreaterThan(20);
    // The check reads real policies: the internal methods' peers are there.
    assertThat(peersSeen).anyMatch(p -> p.endsWith(" disclosure-service")).anyMatch(p -> p.endsWith(" webhook-dispatcher"));
    assertThat(Peer.SERVICES).doesNotContain("web");
  }

  @Test
  void theSliceRoutesOfTheContractAreThere() {
    List<String> routes = catalog.routes().stream().map(r -> r.httpMethod() + " " + r.path()).toList();
    assertThat(routes).contains(
        "POST /v1/phone-verifications",
        "GET /v1/phone-verifications/{id}",
        "POST /v1/phone-verifications/{id}/check",
        "POST /v1/phone-verifications/{id}/resend",
        "GET /v1/accounts/{account_id}/verification",
        "GET /sandbox/sms",
        "POST /v1/accounts/verification-lookups",
        "PUT /v1/accounts/{account_id}/real-name",
        "DELETE /v1/accounts/{account_id}",
        "POST /v1/number-events",
        "GET /sandbox/citizens",
        "GET /v1/legal-bases",
        "POST /v1/disclosure-requests",
        "GET /v1/disclosure-requests/{id}",
        "GET /v1/disclosure-requests",
        "POST /v1/disclosure-requests/{id}/approve",
        "POST /v1/disclosure-requests/{id}/reject",
        "POST /v1/disclosure-requests/{id}/cancel",
        "GET /v1/disclosure-requests/{id}/package",
        "GET /v1/audit/entries",
        "GET /v1/audit/checkpoint",
        "GET /v1/audit/verification",
        "GET /v1/audit/signing-keys",
        "GET /v1/transparency-report",
        "GET /v1/accounts/{account_id}/notices",
        "POST /v1/webhooks",
        "GET /v1/webhooks",
        "DELETE /v1/webhooks/{endpoint_id}",
        "POST /v1/webhooks/{endpoint_id}/rotate-secret",
        "GET /sandbox/webhooks");
  }

  @Test
  void onlyTheSandboxRoutesTheTransparencyReportAndThePublishedKeysArePublic() {
    assertThat(catalog.routes().stream().filter(ApiRoute::isPublic).map(r -> r.httpMethod() + " " + r.path()))
        .containsExactlyInAnyOrder("GET /sandbox/sms", "GET /sandbox/citizens", "GET /sandbox/webhooks",
            "GET /v1/transparency-report", "GET /v1/audit/signing-keys");
    assertThat(catalog.routesOf(List.of("idnet.otp.v1.PhoneVerificationService")))
        .extracting(ApiRoute::serviceName).containsOnly("idnet.otp.v1.PhoneVerificationService");
  }

  @Test
  void createsAre201DeletesAre204AndOnlyGetsAreRetried() {
    ApiRoute create = route("CreatePhoneVerification");
    ApiRoute get = route("GetPhoneVerification");
    ApiRoute check = route("CheckPhoneVerification");
    assertThat(create.successStatus()).isEqualTo(201);
    assertThat(get.successStatus()).isEqualTo(200);
    assertThat(check.successStatus()).isEqualTo(200);
    assertThat(get.idempotent()).isTrue();
    assertThat(create.idempotent()).isFalse();
    assertThat(check.httpMethod()).isEqualTo(HttpMethod.POST);
    assertThat(check.rateClass()).isEqualTo("otp-check");
    assertThat(route("CloseAccount").successStatus()).isEqualTo(204);
    assertThat(route("RecordNumberEvent").successStatus()).isEqualTo(202);
    assertThat(route("RegisterRealName").successStatus()).isEqualTo(200);
  }

  @Test
  void thePagesOpeningsAndTheirSessionsStepsAreRateClassesOfTheirOwn() {
    // Garbage openings (anyone may type a launch address) must not empty the open sessions' bucket,
    // and neither may share the pages' client's default class.
    assertThat(route("OpenHostedSession").rateClass()).isEqualTo("hosted-openings");
    for (String method : List.of("GetHostedSession", "CompleteHostedSession", "CancelHostedSession")) {
      assertThat(route(method).rateClass()).as(method).isEqualTo("hosted-sessions");
    }
  }

  @Test
  void pathTemplatesMatchSegmentsAndTranslateToSpringPatterns() {
    PathTemplate t = PathTemplate.parse("/v1/accounts/{account_id}/verification");
    assertThat(t.match("/v1/accounts/a%3Ab/verification")).hasValueSatisfying(v -> assertThat(v).containsEntry("account_id", "a%3Ab"));
    assertThat(t.match("/v1/accounts/a/b/verification")).isEmpty();
    assertThat(t.springPattern()).isEqualTo("/v1/accounts/{account_id}/verification");
    assertThat(PathTemplate.parse("/v1/x/{target.account_id}").springPattern()).isEqualTo("/v1/x/{target_account_id}");
  }

  private ApiRoute route(String method) {
    return catalog.routes().stream().filter(r -> r.method().getName().equals(method)).findFirst().orElseThrow();
  }
}
