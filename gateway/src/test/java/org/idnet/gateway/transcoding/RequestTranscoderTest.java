package org.idnet.gateway.transcoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  @Test
  void aBodyOnARouteWithoutOneIsRefused() {
    assertThatThrownBy(() -> transcoder.toRequest(route("GetPhoneVerification"), json("{\"id\":\"x\"}"), Map.of("id", "x"), Map.of()))
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
