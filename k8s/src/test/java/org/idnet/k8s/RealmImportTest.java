package org.idnet.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.idnet.k8s.realm.RealmImportGenerator;
import org.junit.jupiter.api.Test;

/**
 * The KeycloakRealmImport in base/stores is exactly what the generator makes from
 * keycloak/idnet-realm.json: the realm has one source. After changing the realm, run
 * {@code mvn -pl k8s compile exec:java@realm-import}.
 */
class RealmImportTest {

  private static final Path ROOT = Kustomize.MODULE.getParent();

  @Test
  void theCommittedRealmImportIsTheGeneratedOne() throws Exception {
    String realm = Files.readString(ROOT.resolve(RealmImportGenerator.REALM));
    String committed = Files.readString(ROOT.resolve(RealmImportGenerator.MANIFEST));

    assertThat(committed)
        .as("k8s/base/stores/realm-import.yaml differs from keycloak/idnet-realm.json: run mvn -pl k8s compile exec:java@realm-import")
        .isEqualTo(RealmImportGenerator.manifest(realm));
  }

  @Test
  void theRenderedImportHoldsTheRealmFileUnchanged() throws Exception {
    JsonNode realm = Manifests.JSON.readTree(Files.readString(ROOT.resolve(RealmImportGenerator.REALM)));
    JsonNode rendered = Manifests.overlay("production").get("KeycloakRealmImport", "idnet-realm");

    assertThat(rendered.at("/spec/realm")).isEqualTo(realm);
    assertThat(rendered.at("/spec/keycloakCRName").asText()).isEqualTo(Manifests.name(Manifests.overlay("production").ofKind("Keycloak").getFirst()));
  }

  @Test
  void anEditedRealmNoLongerMatches() throws Exception {
    String realm = Files.readString(ROOT.resolve(RealmImportGenerator.REALM)).replace("\"accessTokenLifespan\": 300", "\"accessTokenLifespan\": 3600");
    String committed = Files.readString(ROOT.resolve(RealmImportGenerator.MANIFEST));

    assertThat(RealmImportGenerator.manifest(realm)).isNotEqualTo(committed);
  }
}
