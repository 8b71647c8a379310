package org.idnet.otp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The house layout (README "Layout inside a service"), the same rule in every service. This
 * service is one feature (phone verifications): its role packages sit directly under org.idnet.otp.
 */
class ArchitectureTest {

  static final String ROOT = "org.idnet.otp";
  /** The generated contract, which shares the root package's name. */
  static final String CONTRACT = ROOT + ".v1..";
  /** Technologies an adapter's name starts with (technology + role, e.g. RedisVerificationStore). */
  static final List<String> TECHNOLOGIES = List.of("Jdbc", "Redis", "Tink", "Grpc", "Http", "Proto", "Micrometer",
      "Resilience4j", "Spring", "Jwt", "Synthetic", "InMemory");
  /** What the domain never uses: frameworks, transports, stores, crypto, the generated contract. */
  static final String[] TECHNOLOGY_PACKAGES = {"org.springframework..", "io.grpc..", "com.google.protobuf..",
      "com.google.rpc..", "org.idnet.*.v1..", "org.idnet.api.v1..", "com.google.crypto.tink..", "java.sql..",
      "javax.sql..", "io.lettuce..", "java.net.http..", "io.micrometer..", "org.flywaydb..", "io.github.resilience4j..",
      "com.nimbusds..", "org.idnet.caller..", "org.idnet.grpc..", "org.idnet.redis..", "org.idnet.keysets..",
      "org.idnet.tls.."};

  static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages(ROOT);

  @Test
  void everyClassSitsInARolePackage() {
    classes().that().resideOutsideOfPackage(CONTRACT)
        .should().resideInAnyPackage(ROOT, ROOT + ".api", ROOT + ".domain", ROOT + ".store", ROOT + ".config")
        .because("a one-feature service has api/ domain/ store/ and config/ under its root, nothing else")
        .check(CLASSES);
    classes().that().resideInAPackage(ROOT).should().haveSimpleNameEndingWith("Application").check(CLASSES);
  }

  @Test
  void domainUsesNoTechnologyAndNoAdapter() {
    noClasses().that().resideInAPackage(ROOT + ".domain..")
        .should().dependOnClassesThat().resideInAnyPackage(TECHNOLOGY_PACKAGES)
        .orShould().dependOnClassesThat().resideInAnyPackage(ROOT + ".api..", ROOT + ".store..", ROOT + ".config..")
        .because("the domain is plain Java; adapters translate")
        .check(CLASSES);
  }

  @Test
  void adaptersAreNamedTechnologyAndPortAndNeverInDomain() {
    classes().that().resideOutsideOfPackages(ROOT + ".domain..", CONTRACT)
        .should(beNamedTechnologyAndPortIfAnAdapter()).check(CLASSES);
    noClasses().that().resideInAPackage(ROOT + ".domain..")
        .should(haveATechnologyName()).because("adapters live in store/ or api/, never in domain/").check(CLASSES);
  }

  @Test
  void contractTypesStayInApiAndStoresKnowNoGrpc() {
    noClasses().that().resideOutsideOfPackages(ROOT + ".api..", CONTRACT)
        .should().dependOnClassesThat().resideInAnyPackage("org.idnet.*.v1..", "org.idnet.api.v1..",
            "com.google.protobuf..", "com.google.rpc..")
        .because("generated types never leave the gRPC adapters").check(CLASSES);
    noClasses().that().resideInAPackage(ROOT + ".store..")
        .should().dependOnClassesThat().resideInAnyPackage("io.grpc..", ROOT + ".api..").check(CLASSES);
  }

  /** A class implementing a port of the domain (an adapter) is named technology + role, e.g. HttpSmsSender. */
  static ArchCondition<JavaClass> beNamedTechnologyAndPortIfAnAdapter() {
    return new ArchCondition<>("be named <technology><role> when implementing a domain port") {
      @Override
      public void check(JavaClass type, ConditionEvents events) {
        List<String> ports = type.getAllRawInterfaces().stream()
            .filter(port -> port.getPackageName().startsWith(ROOT + ".") && port.getPackageName().endsWith(".domain"))
            .map(JavaClass::getSimpleName).toList();
        if (!ports.isEmpty()) {
          boolean named = technologyNamed(type);
          events.add(new SimpleConditionEvent(type, named, type.getName() + " implements " + ports
              + (named ? "" : " but its name does not start with a technology of " + TECHNOLOGIES)));
        }
      }
    };
  }

  static ArchCondition<JavaClass> haveATechnologyName() {
    return new ArchCondition<>("have a technology's name") {
      @Override
      public void check(JavaClass type, ConditionEvents events) {
        events.add(new SimpleConditionEvent(type, technologyNamed(type), type.getName()));
      }
    };
  }

  static boolean technologyNamed(JavaClass type) {
    return TECHNOLOGIES.stream().anyMatch(t -> type.getSimpleName().matches(t + "[A-Z0-9].*"));
  }
}
