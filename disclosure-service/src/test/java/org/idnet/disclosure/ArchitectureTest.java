package org.idnet.disclosure;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The house layout (style.md) per feature (requests, reports, audit, release): every feature's
 * domain is framework-free, and contract types stay in the gRPC adapters (plus the release
 * adapter, whose client speaks identity-service's contract).
 */
class ArchitectureTest {

  static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.idnet.disclosure");

  @Test
  void domainDependsOnNoFrameworkNoGrpcNoProtobufAndNoContract() {
    noClasses().that().resideInAPackage("org.idnet.disclosure..domain..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.springframework..", "io.grpc..", "com.google.protobuf..", "com.google.rpc..",
            "org.idnet.disclosure.v1..", "org.idnet.identity.v1..", "org.idnet.api.v1..", "org.idnet.caller..",
            "org.idnet.disclosure..api..", "org.idnet.disclosure..store..", "org.idnet.disclosure.config..")
        .check(CLASSES);
  }

  @Test
  void generatedContractTypesStayInTheApiPackagesAndTheReleaseAdapters() {
    noClasses().that().resideOutsideOfPackages("org.idnet.disclosure..api..",
            "org.idnet.disclosure.release.adapters..", "org.idnet.disclosure.v1..")
        .should().dependOnClassesThat().resideInAnyPackage("org.idnet.disclosure.v1..", "org.idnet.identity.v1..")
        .check(CLASSES);
  }

  @Test
  void storesKnowNothingOfGrpcOrTheContract() {
    noClasses().that().resideInAPackage("org.idnet.disclosure..store..")
        .should().dependOnClassesThat().resideInAnyPackage("io.grpc..", "org.idnet.disclosure..api..",
            "org.idnet.disclosure.v1..", "org.idnet.identity.v1..", "org.idnet.caller..")
        .check(CLASSES);
  }
}
