package org.idnet.disclosure;

import java.util.List;
import org.idnet.architecture.HouseLayout;
import org.junit.jupiter.api.Test;

/**
 * The house layout (README "Layout inside a service"), one rule set for the three services in
 * module architecture-rules, which also shows each rule failing on the class it is meant to catch.
 * This service has several features, each a package with api/ domain/ store/; api/ and store/ at
 * the root hold what the features share (status mapping, the caller, contract mappings; SQL values).
 */
class ArchitectureTest {

  @Test
  void houseLayoutHolds() {
    HouseLayout layout = HouseLayout.features("org.idnet.disclosure", List.of("audit", "events", "release", "reports", "requests"));
    layout.all().check(layout.serviceClasses());
  }
}
