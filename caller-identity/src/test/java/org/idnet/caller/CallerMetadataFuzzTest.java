package org.idnet.caller;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Fuzzes the caller statement {@code x-idnet-caller} the services read on every gateway call: any
 * value a peer sends is a caller or refused with {@link InvalidCallerException} (UNAUTHENTICATED),
 * never another exception; and every caller the gateway can state (ClaimsValidator's role names)
 * reaches the service unchanged.
 */
class CallerMetadataFuzzTest {

  /** Any metadata value (bytes as ISO-8859-1, as gRPC's ASCII marshaller hands them on). */
  @FuzzTest
  void statedCallerIsReadOrRefused(byte[] input) {
    String stated = new String(input, StandardCharsets.ISO_8859_1);
    Caller caller;
    try {
      caller = CallerMetadata.decode(stated);
    } catch (InvalidCallerException refused) {
      assertThat(refused.getMessage()).isEqualTo("malformed caller identity");
      return;
    }
    assertThat(stated).startsWith("v2|");
    assertThat(caller.roles()).allSatisfy(role -> assertThat(role).isNotEmpty().doesNotContain(","));
    // Read once, the caller is what it is: stating it again states the same caller.
    assertThat(CallerMetadata.decode(CallerMetadata.encode(caller))).isEqualTo(caller);
  }

  /**
   * A caller as the gateway builds it from a verified token: any names, roles of [a-z0-9:-]. The
   * input is NUL-separated: subject, client id, agency id, then roles (valid ones are kept).
   */
  @FuzzTest
  void gatewayCallerArrivesUnchanged(byte[] input) {
    List<String> f = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= input.length; i++) {
      if (i == input.length || input[i] == 0) {
        f.add(new String(input, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    while (f.size() < 3) {
      f.add("");
    }
    Set<String> roles = new LinkedHashSet<>();
    f.subList(3, f.size()).stream().filter(r -> r.matches("[a-z0-9:-]{1,64}")).forEach(roles::add);
    Caller caller = new Caller(f.get(0), f.get(1), f.get(2), roles);
    String stated = CallerMetadata.encode(caller);
    // It must be a valid ASCII metadata value: printable ASCII only.
    assertThat(stated.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)).as(stated).isTrue();
    assertThat(CallerMetadata.decode(stated)).isEqualTo(caller);
  }
}
