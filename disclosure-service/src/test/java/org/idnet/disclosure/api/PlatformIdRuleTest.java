package org.idnet.disclosure.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.idnet.api.v1.FieldLimits;
import org.idnet.api.v1.FieldLimitsProto;
import org.idnet.disclosure.requests.domain.DisclosureException;
import org.idnet.disclosure.requests.domain.RequestValidation;
import org.idnet.disclosure.v1.DisclosureTarget;
import org.junit.jupiter.api.Test;

/**
 * A platform id has one rule, in the contract (DisclosureTarget.platform_id's limits, which the
 * gateway enforces): the service accepts exactly the ids the contract does, and so the ids
 * identity-service accepts of its callers (its own test holds it to the same contract).
 */
class PlatformIdRuleTest {

  @Test
  void serviceAcceptsExactlyThePlatformIdsTheContractAccepts() {
    FieldLimits limits = DisclosureTarget.getDescriptor().findFieldByName("platform_id").getOptions()
        .getExtension(FieldLimitsProto.field);
    Pattern pattern = Pattern.compile(limits.getPattern());
    assertThat(limits.getMaxLength()).isEqualTo(128);

    for (String id : probes()) {
      int length = id.codePointCount(0, id.length());
      boolean contract = length >= limits.getMinLength() && length <= limits.getMaxLength()
          && pattern.matcher(id).matches();
      assertThat(accepted(id)).as("platform id %s", id.codePoints().boxed().toList()).isEqualTo(contract);
    }
  }

  /** Every single character of Latin-1 and a few beyond, plus the length bounds. */
  static List<String> probes() {
    List<String> probes = new ArrayList<>();
    for (int c = 0; c < 0x100; c++) {
      probes.add("p" + Character.toString(c));
    }
    probes.addAll(List.of("", "ệ", "platform-a", "service-account-x", "a/b|c\"d", "p".repeat(128), "p".repeat(129)));
    return probes;
  }

  private static boolean accepted(String platformId) {
    try {
      RequestValidation.platformId("target.platformId", platformId);
      return true;
    } catch (DisclosureException e) {
      return false;
    }
  }
}
