package org.idnet.disclosure.audit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The offline verifier stays apart from the service (the layout rules are ArchitectureTest's). */
class AuditArchitectureTest {

  static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.idnet.disclosure.audit", "org.idnet.audit.verifier");

  @Test
  void theOfflineVerifierDependsOnNoServiceCodeAndNoFramework() {
    noClasses().that().resideInAPackage("org.idnet.audit.verifier..")
        .should().dependOnClassesThat().resideInAnyPackage("org.idnet.disclosure..", "org.springframework..",
            "io.grpc..")
        .check(CLASSES);
  }
}
