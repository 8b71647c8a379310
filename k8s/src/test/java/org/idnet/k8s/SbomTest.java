package org.idnet.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every deployable's jar, the one its image is built from, carries its CycloneDX SBOM
 * (docs/supply-chain.md), and the SBOM names every library the jar ships, each at the version
 * shipped: a vulnerability scan of the SBOM then covers exactly what runs in the pod.
 */
class SbomTest {

  static final String SBOM = "META-INF/sbom/application.cdx.json";
  /** Spring Boot adds its layer tools to every jar; they are Boot's, not a dependency of ours. */
  static final String BOOT_TOOLS = "spring-boot-jarmode-tools-";
  private static final Pattern CLASSIFIER = Pattern.compile("[?&]classifier=([^&]+)");

  @ParameterizedTest
  @ValueSource(strings = {"gateway", "phone-otp-service", "identity-service", "disclosure-service",
      "webhook-dispatcher"})
  void deployableJarCarriesAnSbomNamingEveryLibraryItShipsAtItsVersion(String deployable) throws Exception {
    assertThat(Manifests.DEPLOYABLES).contains(deployable);
    Path jar = ServiceProcess.jar(deployable);
    try (JarFile file = new JarFile(jar.toFile())) {
      // Spring Boot names the SBOM in the manifest (Sbom-Location) and serves it as /actuator/sbom.
      String location = file.getManifest().getMainAttributes().getValue("Sbom-Location");
      JarEntry entry = location == null ? null : file.getJarEntry(location);
      // Offline, the jar holds no SBOM or one an earlier online build left in target/classes (stale:
      // libraries added since are missing from it), so neither can be judged.
      assumeFalse("offline=true".equals(System.getProperty("idnet.maven.mode")), "Maven ran offline (-o), and"
          + " cyclonedx-maven-plugin makes no SBOM offline (its goals require online mode); bin/test runs online");
      assertThat(entry).as("%s holds its SBOM (Sbom-Location %s; cyclonedx-maven-plugin, parent pom)", jar, location)
          .isNotNull();
      assertThat(location).isEqualTo(SBOM);
      JsonNode sbom;
      try (InputStream in = file.getInputStream(entry)) {
        sbom = Manifests.JSON.readTree(in);
      }
      assertThat(sbom.path("bomFormat").asText()).isEqualTo("CycloneDX");
      assertThat(sbom.at("/metadata/component/name").asText()).isEqualTo("idnet-" + deployable);
      Set<String> listed = new TreeSet<>();
      sbom.path("components").forEach(c -> listed.add(jarName(c)));

      Set<String> shipped = libraries(file);
      assertThat(shipped).as("%s: libraries in BOOT-INF/lib", deployable).isNotEmpty();
      assertThat(shipped).as("%s: libraries the jar ships that its SBOM does not name (name-version)", deployable)
          .allSatisfy(lib -> assertThat(listed).contains(lib));
      // What the scan is for, named: gRPC and Netty at the edge of every service, Tink where keys are.
      assertThat(listed).anyMatch(c -> c.startsWith("grpc-core-")).anyMatch(c -> c.startsWith("netty-handler-"))
          .anyMatch(c -> c.startsWith("spring-core-"));
      if (deployable.equals("identity-service") || deployable.equals("disclosure-service")
          || deployable.equals("webhook-dispatcher")) {
        assertThat(listed).anyMatch(c -> c.startsWith("tink-")).anyMatch(c -> c.startsWith("postgresql-"));
      }
    }
  }

  /** The jar names under BOOT-INF/lib without ".jar" (artifactId-version[-classifier]). */
  private static Set<String> libraries(JarFile file) throws IOException {
    Set<String> names = new TreeSet<>();
    for (JarEntry entry : Collections.list(file.entries())) {
      String name = entry.getName();
      if (name.startsWith("BOOT-INF/lib/") && name.endsWith(".jar")) {
        String lib = name.substring("BOOT-INF/lib/".length(), name.length() - ".jar".length());
        if (!lib.startsWith(BOOT_TOOLS)) {
          names.add(lib);
        }
      }
    }
    return names;
  }

  /** The file name Boot gives a component's jar: artifactId-version, and -classifier if its purl has one. */
  private static String jarName(JsonNode component) {
    String name = component.path("name").asText() + "-" + component.path("version").asText();
    Matcher classifier = CLASSIFIER.matcher(component.path("purl").asText());
    return classifier.find() ? name + "-" + classifier.group(1) : name;
  }
}
