package org.idnet.disclosure.audit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The audit feature keeps the house layout: a framework-free domain, contract types in api/ only. */
class AuditArchitectureTest {

  static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.idnet.disclosure.audit", "org.idnet.audit.verifier");

  @Test
  void auditDomainDependsOnNoFrameworkNoGrpcAndNoContract() {
    noClasses().that().resideInAPackage("org.idnet.disclosure.audit.domain..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.springframework..", "io.grpc..", "com.google.protobuf..", "com.google.rpc..",
            "org.idnet.disclosure.v1..", "org.idnet.caller..", "java.sql..", "javax.sql..")
        .check(CLASSES);
  }

  @Test
  void contractTypesStayInTheAuditApiPackage() {
    noClasses().that().resideInAPackage("org.idnet.disclosure.audit..")
        .and().resideOutsideOfPackage("org.idnet.disclosure.audit.api..")
        .should().dependOnClassesThat().resideInAnyPackage("org.idnet.disclosure.v1..", "io.grpc..")
        .check(CLASSES);
  }

  @Test
  void theOfflineVerifierDependsOnNoServiceCodeAndNoFramework() {
    noClasses().that().resideInAPackage("org.idnet.audit.verifier..")
        .should().dependOnClassesThat().resideInAnyPackage("org.idnet.disclosure..", "org.springframework..",
            "io.grpc..")
        .check(CLASSES);
  }
}
