package org.idnet.gateway.transcoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.idnet.gateway.routes.ApiCatalog;
import org.idnet.gateway.routes.ApiRoute;
import org.junit.jupiter.api.Test;

class RequestTranscoderTest {

  private final ApiCatalog catalog = ApiCatalog.load();
  private final RequestTranscoder transcoder = new RequestTranscoder();

  @Test
  void bodyAndPathVariableFillTheRequestAndThePathWins() {
    ApiRoute check = route("CheckPhoneVerification");
    var request = transcoder.toRequest(check, json("{\"id\":\"from-body\",\"code\":\"012345\"}"),
        Map.of("id", "from-path"), Map.of());
    assertThat(field(request, "id")).isEqualTo("from-path");
    assertThat(field(request, "code")).isEqualTo("012345");
  }

  /**
   * A string from the path or the query is the field's value as it is (set directly, not through
   * the JSON parser); text the field's declared pattern refuses is still refused, and named.
   */
  @Test
  void textFromThePathOrQueryIsTheFieldValueExactlyAndStillChecked() {
    var check = transcoder.toRequest(route("CheckPhoneVerification"), json("{\"code\":\"012345\"}"),
        Map.of("id", "pv_9-Az"), Map.of());
    assertThat(field(check, "id")).isEqualTo("pv_9-Az");
    // Every kind of character the account id's pattern allows: set as it is.
    var account = transcoder.toRequest(route("CheckAccount"), new byte[0], Map.of("account_id", "a.b:c@d-_9Z"), Map.of());
    assertThat(field(account, "account_id")).isEqualTo("a.b:c@d-_9Z");
    var list = transcoder.toRequest(route("ListSms"), new byte[0], Map.of(), Map.of("to", List.of("+84912345678")));
    assertThat(field(list, "to")).isEqualTo("+84912345678");
    String odd = "a\"b\\c\u0001\u00e9\ud83d\ude00";
    assertThat(catchThrowableOfType(InvalidRequestException.class, () -> transcoder.toRequest(
        route("CheckPhoneVerification"), json("{\"code\":\"012345\"}"), Map.of("id", odd), Map.of())))
        .hasMessageStartingWith("id must match");
  }

  @Test
  void unknownFieldsAreRefusedSoNobodySetsStatus() {
    ApiRoute create = route("CreatePhoneVerification");
    assertThatThrownBy(() -> transcoder.toRequest(create, json("{\"accountId\":\"a\",\"status\":\"APPROVED\"}"), Map.of(), Map.of()))
        .isInstanceOf(InvalidRequestException.class).hasMessage("unknown field");
  }

  @Test
  void queryParametersFillScalarFieldsByJsonOrProtoName() {
    ApiRoute list = route("ListSms");
    var request = transcoder.toRequest(list, new byte[0], Map.of(), Map.of("to", List.of("+84912345678")));
    assertThat(field(request, "to")).isEqualTo("+84912345678");
    assertThatThrownBy(() -> transcoder.toRequest(list, new byte[0], Map.of(), Map.of("nope", List.of("1"))))
        .isInstanceOf(InvalidRequestException.class).hasMessage("unknown parameter");
    assertThatThrownBy(() -> transcoder.toRequest(list, new byte[0], Map.of(), Map.of("to", List.of("a", "b"))))
        .isInstanceOf(InvalidRequestException.class).hasMessage("given more than once");
  }

  /** Found by TranscodingFuzzTest: the query "?.=" was an ArrayIndexOutOfBoundsException (a 500). */
  @Test
  void parameterNamesWithAnEmptyPartAreUnknown() {
    ApiRoute list = route("ListSms");
    for (String name : List.of(".", "to.", ".to", "to..x", "")) {
      assertThatThrownBy(() -> transcoder.toRequest(list, new byte[0], Map.of(), Map.of(name, List.of("x"))))
          .as(name).isInstanceOf(InvalidRequestException.class).hasMessage("unknown parameter");
    }
  }

  @Test
  void aBodyOnARouteWithoutOneIsRefused() {
    assertThatThrownBy(() -> transcoder.toRequest(route("GetPhoneVerification"), json("{\"id\":\"x\"}"), Map.of("id", "x"), Map.of()))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void valuesBeyondTheDeclaredLimitsAreRefusedWhereverTheyComeFrom() {
    InvalidRequestException tooMany = catchThrowableOfType(InvalidRequestException.class, () -> transcoder.toRequest(
        route("LookupAccounts"), json("{\"accountIds\":[" + "\"a\",".repeat(500) + "\"a\"]}"), Map.of(), Map.of()));
    assertThat(tooMany.code()).isEqualTo("invalid-account-ids");
    assertThat(tooMany.field()).isEqualTo("accountIds");

    assertThatThrownBy(() -> transcoder.toRequest(route("CheckAccount"), new byte[0], Map.of("account_id", "a".repeat(129)),
        Map.of())).isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> assertThat(((InvalidRequestException) e).code()).isEqualTo("invalid-account-id"))
        .hasMessage("accountId must be 1-128 characters long");
    assertThatThrownBy(() -> transcoder.toRequest(route("ListAuditEntries"), new byte[0], Map.of(),
        Map.of("limit", List.of("1001")))).isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("limit"));
    assertThatThrownBy(() -> transcoder.toRequest(route("CreateDisclosureRequest"), json("{\"target\":{\"platformId\":"
        + "\"platform-a\",\"accountId\":\"no spaces\"},\"legalBasis\":\"B\",\"caseReference\":\"1\","
        + "\"fields\":[\"FULL_NAME\"],\"justification\":\"why\"}"), Map.of(), Map.of()))
        .isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("target.accountId"));
  }

  @Test
  void everyFieldAtFaultIsNamedButNeverItsValueAndTheListIsCapped() {
    InvalidRequestException e = (InvalidRequestException) catchThrowable(() -> transcoder.toRequest(route("LookupAccounts"),
        json("{\"accountIds\":[" + "\"12345678901 secret\",".repeat(49) + "\"x y\"]}"), Map.of(), Map.of()));
    assertThat(e.errors()).hasSize(RequestLimits.MAX_REPORTED)
        .allSatisfy(error -> assertThat(error.message()).doesNotContain("secret"));
    assertThat(e.errors().get(1).field()).isEqualTo("accountIds[1]");
  }

  @Test
  void sixtyFourBitIntegersAreReadFromNumbersAndStrings() {
    ApiRoute list = route("ListAuditEntries");
    assertThat(field(transcoder.toRequest(list, new byte[0], Map.of(), Map.of("fromSeq", List.of("9007199254740991"))),
        "from_seq")).isEqualTo(9_007_199_254_740_991L);
    assertThatThrownBy(() -> transcoder.toRequest(list, new byte[0], Map.of(), Map.of("fromSeq", List.of("9007199254740992"))))
        .isInstanceOf(InvalidRequestException.class);
  }

  private static Object field(com.google.protobuf.DynamicMessage m, String name) {
    return m.getField(m.getDescriptorForType().findFieldByName(name));
  }

  private static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private ApiRoute route(String method) {
    return catalog.routes().stream().filter(r -> r.method().getName().equals(method)).findFirst().orElseThrow();
  }
}
