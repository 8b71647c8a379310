package org.idnet.otp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The house layout (style.md): a plain domain, and proto types only in the gRPC adapter. */
@AnalyzeClasses(packages = "org.idnet.otp",
    importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class ArchitectureTest {

  @ArchTest
  static final ArchRule domainUsesNoFrameworkNoGrpcNoProto = noClasses()
      .that().resideInAPackage("org.idnet.otp.domain..")
      .should().dependOnClassesThat().resideInAnyPackage(
          "org.springframework..", "io.grpc..", "com.google.protobuf..", "com.google.rpc..",
          "org.idnet.*.v1..", "io.lettuce..", "io.micrometer..", "org.idnet.caller..")
      .because("the domain is plain Java; adapters translate");

  @ArchTest
  static final ArchRule domainDependsOnNoAdapter = noClasses()
      .that().resideInAPackage("org.idnet.otp.domain..")
      .should().dependOnClassesThat().resideInAnyPackage(
          "org.idnet.otp.api..", "org.idnet.otp.store..", "org.idnet.otp.sms..", "org.idnet.otp.metrics..",
          "org.idnet.otp.config..");

  @ArchTest
  static final ArchRule protoTypesStayInApi = noClasses()
      .that().resideOutsideOfPackage("org.idnet.otp.api..")
      .should().dependOnClassesThat().resideInAnyPackage("org.idnet.*.v1..", "com.google.protobuf..", "com.google.rpc..")
      .because("generated types never leave the gRPC adapter");
}
