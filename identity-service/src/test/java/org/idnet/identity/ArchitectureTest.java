package org.idnet.identity;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The house layout (style.md): a framework-free domain, contract types only in the gRPC adapter. */
class ArchitectureTest {

  static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.idnet.identity");

  @Test
  void domainDependsOnNoFrameworkNoGrpcNoProtobufAndNoContract() {
    noClasses().that().resideInAPackage("org.idnet.identity.domain..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.springframework..", "io.grpc..", "com.google.protobuf..", "com.google.rpc..",
            "com.google.crypto.tink..", "org.idnet.identity.v1..", "org.idnet.api.v1..", "org.idnet.caller..",
            "org.idnet.identity.api..", "org.idnet.identity.store..", "org.idnet.identity.vault..",
            "org.idnet.identity.config..", "java.sql..", "javax.sql..")
        .check(CLASSES);
  }

  @Test
  void generatedContractTypesStayInTheApiPackage() {
    noClasses().that().resideOutsideOfPackage("org.idnet.identity.api..")
        .and().resideOutsideOfPackage("org.idnet.identity.v1..")
        .should().dependOnClassesThat().resideInAnyPackage("org.idnet.identity.v1..", "org.idnet.api.v1..")
        .check(CLASSES);
  }

  @Test
  void storesAndVaultKnowNothingOfGrpc() {
    noClasses().that().resideInAnyPackage("org.idnet.identity.store..", "org.idnet.identity.vault..")
        .should().dependOnClassesThat().resideInAnyPackage("io.grpc..", "org.idnet.identity.api..",
            "org.idnet.identity.v1..")
        .check(CLASSES);
  }
}
