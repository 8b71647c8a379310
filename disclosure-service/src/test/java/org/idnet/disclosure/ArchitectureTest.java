package org.idnet.disclosure;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The house layout (style.md), stated before the first domain class exists so it holds from the
 * start: a framework-free domain, contract types only in the gRPC adapter.
 */
class ArchitectureTest {

  static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.idnet.disclosure");

  @Test
  void domainDependsOnNoFrameworkNoGrpcNoProtobufAndNoContract() {
    noClasses().that().resideInAPackage("org.idnet.disclosure.domain..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.springframework..", "io.grpc..", "com.google.protobuf..", "com.google.rpc..",
            "org.idnet.disclosure.v1..", "org.idnet.identity.v1..", "org.idnet.api.v1..", "org.idnet.caller..")
        .allowEmptyShould(true)
        .check(CLASSES);
  }

  @Test
  void generatedContractTypesStayInTheApiPackage() {
    noClasses().that().resideOutsideOfPackage("org.idnet.disclosure.api..")
        .should().dependOnClassesThat().resideInAnyPackage("org.idnet.disclosure.v1..", "org.idnet.identity.v1..")
        .allowEmptyShould(true)
        .check(CLASSES);
  }
}
