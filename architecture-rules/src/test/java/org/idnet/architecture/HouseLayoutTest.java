package org.idnet.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import org.idnet.architecture.fixture.domain.CheckpointSigner;
import org.idnet.architecture.fixture.domain.Ed25519CheckpointSigner;
import org.idnet.architecture.fixture.domain.FileOutbox;
import org.idnet.architecture.fixture.domain.JacksonReceipts;
import org.idnet.architecture.fixture.domain.JcaSigner;
import org.idnet.architecture.fixture.domain.KeyLocation;
import org.idnet.architecture.fixture.domain.KmsKeys;
import org.idnet.architecture.fixture.domain.Outcome;
import org.idnet.architecture.fixture.domain.PostgresRequestLog;
import org.idnet.architecture.fixture.domain.ReceiptArchive;
import org.idnet.architecture.fixture.domain.VaultKeys;
import org.idnet.architecture.fixture.extra.LooseExtra;
import org.idnet.architecture.fixture.extra.domain.ExtraRule;
import org.idnet.architecture.fixture.store.JcaCheckpointSigner;
import org.idnet.architecture.fixture.store.KeyedSigner;
import org.junit.jupiter.api.Test;

/**
 * The rules against the classes they are meant to catch (test-only fixtures laid out as a
 * one-feature service, {@code org.idnet.architecture.fixture}) and against what they must let be:
 * a rule the services pass is worth something only if it fails here.
 */
class HouseLayoutTest {

  static final HouseLayout LAYOUT = HouseLayout.oneFeature("org.idnet.architecture.fixture");

  @Test
  void portRuleWhenADomainClassImplementsAPortThenViolated() {
    JavaClasses signer = classes(Ed25519CheckpointSigner.class, CheckpointSigner.class);

    assertViolated(LAYOUT.portsImplementedOutsideDomain(), signer, Ed25519CheckpointSigner.class);
    // What the rules before it let through: no technology's name, no refused package.
    assertHolds(LAYOUT.noTechnologyNameInDomain(), signer);
    assertHolds(LAYOUT.domainUsesNoTechnology(), signer);
  }

  @Test
  void portRuleWhenRecordsOfASealedDomainInterfaceThenHolds() {
    assertHolds(LAYOUT.portsImplementedOutsideDomain(),
        classes(Outcome.class, Outcome.Found.class, Outcome.Missing.class, CheckpointSigner.class));
  }

  @Test
  void domainRuleWhenFilesOrNetworkAddressesThenViolated() {
    assertViolated(LAYOUT.domainUsesNoTechnology(), classes(ReceiptArchive.class), ReceiptArchive.class);
    assertViolated(LAYOUT.domainUsesNoTechnology(), classes(KeyLocation.class), KeyLocation.class);
  }

  @Test
  void nameRuleWhenADomainClassCarriesATechnologysNameThenViolated() {
    for (Class<?> named : new Class<?>[] {PostgresRequestLog.class, VaultKeys.class, KmsKeys.class, JcaSigner.class,
        FileOutbox.class, JacksonReceipts.class}) {
      assertViolated(LAYOUT.noTechnologyNameInDomain(), classes(named), named);
    }
  }

  @Test
  void adapterRuleWhenOutsideDomainThenNamedTechnologyAndRole() {
    assertHolds(LAYOUT.adaptersNamedTechnologyAndRole(), classes(JcaCheckpointSigner.class, CheckpointSigner.class));
    assertViolated(LAYOUT.adaptersNamedTechnologyAndRole(), classes(KeyedSigner.class, CheckpointSigner.class),
        KeyedSigner.class);
    assertHolds(LAYOUT.portsImplementedOutsideDomain(), classes(JcaCheckpointSigner.class, KeyedSigner.class,
        CheckpointSigner.class, Outcome.class));
  }

  @Test
  void rolePackagesRuleWhenAFurtherFeatureThenItsRolePackagesOnly() {
    HouseLayout withExtra = HouseLayout.oneFeatureWith("org.idnet.architecture.fixture", List.of("extra"));

    assertHolds(withExtra.rolePackagesOnly(), classes(ExtraRule.class, Outcome.class, JcaCheckpointSigner.class));
    assertViolated(withExtra.rolePackagesOnly(), classes(LooseExtra.class), LooseExtra.class);
    assertViolated(LAYOUT.rolePackagesOnly(), classes(ExtraRule.class), ExtraRule.class);
  }

  private static JavaClasses classes(Class<?>... types) {
    return new ClassFileImporter().importClasses(types);
  }

  private static void assertViolated(ArchRule rule, JavaClasses classes, Class<?> culprit) {
    EvaluationResult result = rule.evaluate(classes);
    assertThat(result.hasViolation()).as("%s over %s", rule.getDescription(), culprit.getSimpleName()).isTrue();
    assertThat(result.getFailureReport().getDetails()).anyMatch(line -> line.contains(culprit.getName()));
  }

  private static void assertHolds(ArchRule rule, JavaClasses classes) {
    EvaluationResult result = rule.evaluate(classes);
    assertThat(result.hasViolation()).as("%s: %s", rule.getDescription(), result.getFailureReport()).isFalse();
  }
}
