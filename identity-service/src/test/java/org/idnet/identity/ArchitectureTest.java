package org.idnet.identity;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.List;
import org.idnet.architecture.HouseLayout;
import org.junit.jupiter.api.Test;

/**
 * The house layout (README "Layout inside a service"), one rule set for the three services in
 * module architecture-rules, which also shows each rule failing on the class it is meant to catch.
 * This service is one main feature (accounts, the persons and bindings behind them, what is released
 * of them), whose role packages sit directly under org.idnet.identity, and hosted verification
 * (docs/pages.md section 3) in its own feature folder {@code hosted/} with api/ domain/ store/.
 */
class ArchitectureTest {

  private static final String BULK_ROWS = "org\\.idnet\\.identity\\.store\\.RealNameRows(\\$.*)?";

  @Test
  void houseLayoutHolds() {
    HouseLayout layout = HouseLayout.oneFeatureWith("org.idnet.identity", List.of("hosted"));
    layout.all().check(layout.serviceClasses());
  }

  /**
   * {@code RealNameRows} makes the rows of a real-name registration for the benchmarks' bulk loader
   * (P5) without the population register's check or an OTP-proved number: nothing the service runs
   * may reach it, so a registration can only come through {@code RealNameRegistrar}.
   */
  @Test
  void noServiceCodeUsesTheBulkLoadersRows() {
    HouseLayout layout = HouseLayout.oneFeatureWith("org.idnet.identity", List.of("hosted"));
    noClasses().that().haveNameNotMatching(BULK_ROWS).should().dependOnClassesThat().haveNameMatching(BULK_ROWS)
        .because("RealNameRows skips the register check and the OTP proof: only the benchmarks' loader may use it")
        .check(layout.serviceClasses());
  }
}
