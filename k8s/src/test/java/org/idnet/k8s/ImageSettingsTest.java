package org.idnet.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Jib images (profile `images` of the parent pom) and the manifests agree: every deployable builds
 * the image its Deployment names, the base is pinned by digest, the image's user is the pods'
 * runAsUser, and the heap share in the image is the one JAVA_TOOL_OPTIONS sets in every Deployment.
 * (Building the images needs a registry; this checks the settings, not an image.)
 */
class ImageSettingsTest {

  static final Path ROOT = Kustomize.MODULE.getParent();

  @Test
  void everyDeployableBuildsTheImageItsDeploymentNames() throws Exception {
    Manifests dev = Manifests.parse(Kustomize.render("base"));
    for (String name : Manifests.DEPLOYABLES) {
      Element pom = pom(ROOT.resolve(name).resolve("pom.xml"));
      assertThat(property(pom, "idnet.image.skip")).as(name).isEqualTo("false");
      assertThat(property(pom, "idnet.image.name")).as(name).isEqualTo(name);
      assertThat(property(pom, "idnet.image.main-class")).as(name).isNotBlank();
      // The parent's default registry (registry.invalid/idnet) + the name = base's image.
      String image = dev.deployment(name).at("/spec/template/spec/containers/0/image").asText();
      assertThat(image).as(name).startsWith(property(parent(), "idnet.image.registry") + "/" + name + ":");
    }
  }

  /**
   * Each overlay's `images:` entry lands: its newName with its tag or digest is a rendered container
   * image. An entry naming an image base has already renamed matches nothing and kustomize keeps quiet.
   */
  @Test
  void everyOverlayImagesEntrySetsAContainersImage() throws Exception {
    for (String overlay : Kustomize.OVERLAYS) {
      List<String> rendered = new ArrayList<>();
      Manifests.overlay(overlay).objects().forEach(o -> o.findValues("image").forEach(i -> rendered.add(i.asText())));
      JsonNode kustomization = Manifests.YAML.readTree(
          Kustomize.MODULE.resolve("overlays").resolve(overlay).resolve("kustomization.yaml").toFile());
      assertThat(kustomization.path("images")).as(overlay).isNotEmpty();
      for (JsonNode entry : kustomization.path("images")) {
        String image = entry.path("newName").asText(entry.path("name").asText())
            + (entry.has("digest") ? "@" + entry.path("digest").asText() : ":" + entry.path("newTag").asText());
        assertThat(rendered).as(overlay + " images entry " + entry.path("name").asText() + " matches no container")
            .contains(image);
      }
    }
  }

  @Test
  void baseImageIsPinnedByDigest() throws Exception {
    assertThat(property(parent(), "idnet.image.base")).matches("[a-z0-9./-]+/java21[a-z0-9-]*@sha256:[0-9a-f]{64}");
  }

  @Test
  void imageUserAndHeapMatchEveryDeployment() throws Exception {
    Element jib = jibConfiguration();
    String user = text(jib, "user");
    String heap = "-XX:MaxRAMPercentage=" + property(parent(), "idnet.image.max-ram-percentage");
    assertThat(text(jib, "JAVA_TOOL_OPTIONS")).isEqualTo("-XX:MaxRAMPercentage=${idnet.image.max-ram-percentage}");
    for (String overlay : Kustomize.OVERLAYS) {
      for (String name : Manifests.DEPLOYABLES) {
        JsonNode pod = Manifests.overlay(overlay).deployment(name).at("/spec/template/spec");
        List<JsonNode> containers = new ArrayList<>();
        pod.path("initContainers").forEach(containers::add);
        pod.path("containers").forEach(containers::add);
        for (JsonNode container : containers) {
          String what = overlay + " " + name + "/" + container.path("name").asText();
          assertThat(user).as(what).isEqualTo(pod.at("/securityContext/runAsUser").asText() + ":"
              + pod.at("/securityContext/runAsGroup").asText());
          assertThat(env(container, "JAVA_TOOL_OPTIONS")).as(what).contains(heap);
        }
      }
    }
  }

  static String env(JsonNode container, String name) {
    for (JsonNode e : container.path("env")) {
      if (e.path("name").asText().equals(name)) {
        return e.path("value").asText();
      }
    }
    return "";
  }

  private static Element parent() throws Exception {
    return pom(ROOT.resolve("pom.xml"));
  }

  private static Element jibConfiguration() throws Exception {
    NodeList plugins = parent().getElementsByTagName("plugin");
    for (int i = 0; i < plugins.getLength(); i++) {
      Element plugin = (Element) plugins.item(i);
      if ("jib-maven-plugin".equals(text(plugin, "artifactId"))) {
        return (Element) plugin.getElementsByTagName("configuration").item(0);
      }
    }
    throw new AssertionError("no jib-maven-plugin in the parent pom");
  }

  private static Element pom(Path file) throws Exception {
    Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    return document.getDocumentElement();
  }

  private static String property(Element pom, String name) {
    Element properties = (Element) pom.getElementsByTagName("properties").item(0);
    return text(properties, name);
  }

  private static String text(Element parent, String tag) {
    NodeList nodes = parent.getElementsByTagName(tag);
    return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
  }
}
