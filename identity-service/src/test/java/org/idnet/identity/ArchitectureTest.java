package org.idnet.identity;

import org.idnet.architecture.HouseLayout;
import org.junit.jupiter.api.Test;

/**
 * The house layout (README "Layout inside a service"), one rule set for the three services in
 * module architecture-rules, which also shows each rule failing on the class it is meant to catch.
 * This service is one feature (accounts, the persons and bindings behind them, what is released of
 * them): its role packages sit directly under org.idnet.identity.
 */
class ArchitectureTest {

  @Test
  void houseLayoutHolds() {
    HouseLayout layout = HouseLayout.oneFeature("org.idnet.identity");
    layout.all().check(layout.serviceClasses());
  }
}
