package org.idnet.otp;

import org.idnet.architecture.HouseLayout;
import org.junit.jupiter.api.Test;

/**
 * The house layout (README "Layout inside a service"), one rule set for the three services in
 * module architecture-rules, which also shows each rule failing on the class it is meant to catch.
 * This service is one feature (phone verifications): its role packages sit directly under
 * org.idnet.otp.
 */
class ArchitectureTest {

  @Test
  void houseLayoutHolds() {
    HouseLayout layout = HouseLayout.oneFeature("org.idnet.otp");
    layout.all().check(layout.serviceClasses());
  }
}
