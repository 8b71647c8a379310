package org.idnet.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The house layout of a service (README "Layout inside a service"), one rule set for the three
 * services: role packages only; a domain of plain Java; adapters (classes implementing a port the
 * domain declares) named technology + role and never in domain/; generated contract types only in
 * api/.
 *
 * <p>What the domain may use of the JDK's security packages, and why: {@code java.security} and
 * {@code javax.crypto} (SecureRandom for codes and ids, Mac for a derivation, MessageDigest) are
 * arithmetic the domain's rules are written in, with no I/O and no configuration. What makes a
 * signer or a key source an adapter is where its keys come from and how it is reached: files,
 * HTTP (Vault, a KMS), a library's key management (Tink, Bouncy Castle); those packages and names
 * are refused, and any class that implements a domain port inside domain/ is refused whatever it
 * uses.
 */
public final class HouseLayout {

  /** Technologies an adapter's name starts with (technology + role, e.g. RedisVerificationStore). */
  public static final List<String> TECHNOLOGIES = List.of("Jdbc", "Postgres", "Redis", "Tink", "Jca", "Vault", "Kms",
      "File", "Grpc", "Http", "Proto", "Jackson", "Micrometer", "Resilience4j", "Spring", "Jwt", "Synthetic",
      "InMemory");
  /** What the domain never uses: frameworks, transports, files, stores, key management, the generated contract. */
  static final String[] TECHNOLOGY_PACKAGES = {"org.springframework..", "io.grpc..", "com.google.protobuf..",
      "com.google.rpc..", "org.idnet.*.v1..", "org.idnet.api.v1..", "com.google.crypto.tink..", "org.bouncycastle..",
      "java.sql..", "javax.sql..", "org.postgresql..", "com.zaxxer..", "io.lettuce..", "java.net..", "java.nio.file..",
      "com.fasterxml.jackson..", "tools.jackson..", "io.micrometer..", "org.flywaydb..", "io.github.resilience4j..",
      "com.nimbusds..", "org.idnet.caller..", "org.idnet.grpc..", "org.idnet.redis..", "org.idnet.keysets..",
      "org.idnet.tls.."};

  private final String root;
  private final List<String> rolePackages;
  private final String description;

  private HouseLayout(String root, List<String> rolePackages, String description) {
    this.root = root;
    this.rolePackages = List.copyOf(rolePackages);
    this.description = description;
  }

  /** A service of one feature: api/ domain/ store/ config/ directly under its root. */
  public static HouseLayout oneFeature(String root) {
    return new HouseLayout(root, List.of(root, root + ".api", root + ".domain", root + ".store", root + ".config"),
        "a one-feature service has api/ domain/ store/ and config/ under its root, nothing else");
  }

  /**
   * A service of one main feature (api/ domain/ store/ config/ at its root) with further features
   * beside it, each a package with api/ domain/ store/ (identity-service's {@code hosted}).
   */
  public static HouseLayout oneFeatureWith(String root, List<String> features) {
    List<String> packages = new ArrayList<>(oneFeature(root).rolePackages);
    features.forEach(feature -> List.of("api", "domain", "store").forEach(role -> packages.add(root + "." + feature
        + "." + role)));
    return new HouseLayout(root, packages, "a one-feature service has api/ domain/ store/ and config/ under its root,"
        + " and a package per further feature " + features + " with api/ domain/ store/, nothing else");
  }

  /** A service of several features: a package per feature with api/ domain/ store/; config/, api/, store/ at the root. */
  public static HouseLayout features(String root, List<String> features) {
    List<String> packages = new ArrayList<>(List.of(root, root + ".api", root + ".store", root + ".config"));
    features.forEach(feature -> List.of("api", "domain", "store").forEach(role -> packages.add(root + "." + feature
        + "." + role)));
    return new HouseLayout(root, packages, "a service of several features has a package per feature, each with api/"
        + " domain/ store/, and config/ plus the shared api/ and store/ at its root, nothing else");
  }

  /** The service's own classes (not its tests). */
  public JavaClasses serviceClasses() {
    return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(root);
  }

  /** Every rule of the layout at once; {@code check(serviceClasses())} reports every violation of every rule. */
  public ArchRule all() {
    return CompositeArchRule.of(rolePackagesOnly()).and(onlyTheApplicationAtTheRoot()).and(domainUsesNoTechnology())
        .and(adaptersNamedTechnologyAndRole()).and(noTechnologyNameInDomain()).and(portsImplementedOutsideDomain())
        .and(contractTypesStayInApi()).and(storesKnowNoGrpc());
  }

  public ArchRule rolePackagesOnly() {
    return classes().that().resideOutsideOfPackage(contract())
        .should().resideInAnyPackage(rolePackages.toArray(String[]::new)).because(description);
  }

  public ArchRule onlyTheApplicationAtTheRoot() {
    return classes().that().resideInAPackage(root).should().haveSimpleNameEndingWith("Application");
  }

  public ArchRule domainUsesNoTechnology() {
    return noClasses().that().resideInAPackage(domain())
        .should().dependOnClassesThat().resideInAnyPackage(TECHNOLOGY_PACKAGES)
        .orShould().dependOnClassesThat().resideInAnyPackage(root + "..api..", root + "..store..", root + ".config..")
        .because("the domain is plain Java; adapters translate");
  }

  public ArchRule adaptersNamedTechnologyAndRole() {
    return classes().that().resideOutsideOfPackages(domain(), contract()).should(beTechnologyNamedIfAnAdapter());
  }

  public ArchRule noTechnologyNameInDomain() {
    return noClasses().that().resideInAPackage(domain()).should(haveATechnologyName())
        .because("adapters live in store/ or api/, never in domain/");
  }

  /**
   * A port is an interface the domain declares for the world outside it; whatever implements it
   * is an adapter and lives outside domain/. A sealed interface is no port: it closes a set of the
   * domain's own records (an outcome, a standing), which sit beside it.
   */
  public ArchRule portsImplementedOutsideDomain() {
    return noClasses().that().resideInAPackage(domain()).should(implementAPort())
        .because("classes implementing a domain port are adapters: they live in store/ or api/");
  }

  public ArchRule contractTypesStayInApi() {
    return noClasses().that().resideOutsideOfPackages(root + "..api..", contract())
        .should().dependOnClassesThat().resideInAnyPackage("org.idnet.*.v1..", "org.idnet.api.v1..",
            "com.google.protobuf..", "com.google.rpc..")
        .because("generated types never leave the gRPC adapters");
  }

  public ArchRule storesKnowNoGrpc() {
    return noClasses().that().resideInAPackage(root + "..store..")
        .should().dependOnClassesThat().resideInAnyPackage("io.grpc..", root + "..api..");
  }

  private String domain() {
    return root + "..domain..";
  }

  /** The generated contract, which shares the root package's name. */
  private String contract() {
    return root + ".v1..";
  }

  private List<String> ports(JavaClass type) {
    return type.getAllRawInterfaces().stream()
        .filter(port -> port.getPackageName().startsWith(root + ".") && port.getPackageName().endsWith(".domain"))
        .filter(port -> !port.reflect().isSealed())
        .map(JavaClass::getSimpleName).toList();
  }

  private ArchCondition<JavaClass> implementAPort() {
    return new ArchCondition<>("implement a port of the domain (an interface of a domain package that is not sealed)") {
      @Override
      public void check(JavaClass type, ConditionEvents events) {
        List<String> ports = ports(type);
        events.add(new SimpleConditionEvent(type, !ports.isEmpty(), type.getName() + " implements " + ports));
      }
    };
  }

  private ArchCondition<JavaClass> beTechnologyNamedIfAnAdapter() {
    return new ArchCondition<>("be named <technology><role> when implementing a domain port") {
      @Override
      public void check(JavaClass type, ConditionEvents events) {
        List<String> ports = ports(type);
        if (!ports.isEmpty()) {
          boolean named = technologyNamed(type);
          events.add(new SimpleConditionEvent(type, named, type.getName() + " implements " + ports
              + (named ? "" : " but its name does not start with a technology of " + TECHNOLOGIES)));
        }
      }
    };
  }

  private static ArchCondition<JavaClass> haveATechnologyName() {
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
