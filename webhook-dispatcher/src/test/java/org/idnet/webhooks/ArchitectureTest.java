package org.idnet.webhooks;

import java.util.List;
import org.idnet.architecture.HouseLayout;
import org.junit.jupiter.api.Test;

/**
 * The house layout (README "Layout inside a service"), the rule set every service shares: features
 * endpoints, delivery and sandbox (the inbox), each with api/ domain/ store/; the root store/ holds
 * what both features use (the target policy, the keys).
 */
class ArchitectureTest {

  @Test
  void houseLayoutHolds() {
    HouseLayout layout = HouseLayout.features("org.idnet.webhooks", List.of("delivery", "endpoints", "sandbox"));
    layout.all().check(layout.serviceClasses());
  }
}
