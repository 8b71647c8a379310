package org.idnet.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.idnet.api.v1.FieldLimits;
import org.idnet.api.v1.FieldLimitsProto;
import org.idnet.disclosure.v1.DisclosureTarget;
import org.idnet.identity.domain.AccountRef;
import org.idnet.identity.domain.FailureReason;
import org.idnet.identity.domain.IdentityException;
import org.junit.jupiter.api.Test;

/**
 * A platform id has one rule, in the contract (DisclosureTarget.platform_id's limits): identity
 * accepts of its callers exactly the ids the contract, and so disclosure-service, accepts.
 */
class PlatformIdRuleTest {

  @Test
  void accountRefAcceptsExactlyThePlatformIdsTheContractAccepts() {
    FieldLimits limits = DisclosureTarget.getDescriptor().findFieldByName("platform_id").getOptions()
        .getExtension(FieldLimitsProto.field);
    Pattern pattern = Pattern.compile(limits.getPattern());

    List<String> probes = new ArrayList<>();
    for (int c = 0; c < 0x100; c++) {
      probes.add("p" + Character.toString(c));
    }
    probes.addAll(List.of("", "ệ", "platform-a", "a/b|c\"d", "p".repeat(128), "p".repeat(129)));
    for (String id : probes) {
      int length = id.codePointCount(0, id.length());
      boolean contract = length >= limits.getMinLength() && length <= limits.getMaxLength()
          && pattern.matcher(id).matches();
      assertThat(accepted(id)).as("platform id %s", id.codePoints().boxed().toList()).isEqualTo(contract);
    }
  }

  private static boolean accepted(String platformId) {
    try {
      new AccountRef(platformId, "alice");
      return true;
    } catch (IdentityException e) {
      assertThat(e.reason()).isEqualTo(FailureReason.INVALID_PLATFORM_ID);
      return false;
    }
  }
}
