package org.idnet.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md, install step 2, lists every secret-store key and property the rendered
 * production overlay reads, and nothing else: the operator fills the store from that table alone.
 */
class SecretStoreTableTest {

  private static final Pattern ROW = Pattern.compile("^\\s*\\| `(idnet/[^`]+)` \\| ([^|]+) \\|.*$");
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");

  @Test
  void operationsTableNamesEveryRemoteKeyAndProperty() throws Exception {
    Set<String> rendered = new TreeSet<>();
    for (JsonNode secret : Manifests.overlay("production").ofKind("ExternalSecret")) {
      secret.at("/spec/data").forEach(d -> rendered.add(d.at("/remoteRef/key").asText() + " " + d.at("/remoteRef/property").asText()));
    }
    Set<String> documented = new TreeSet<>();
    boolean inTable = false;
    for (String line : Files.readAllLines(Kustomize.MODULE.resolveSibling("docs").resolve("operations.md"))) {
      // The table headed "| store key | property |" (the roles' table below it has other columns).
      inTable = line.contains("| store key | property |") || inTable && line.strip().startsWith("|");
      Matcher row = ROW.matcher(line);
      if (inTable && row.matches()) {
        Matcher property = CODE.matcher(row.group(2));
        while (property.find()) {
          documented.add(row.group(1) + " " + property.group(1));
        }
      }
    }
    assertThat(rendered).hasSizeGreaterThan(30);
    assertThat(documented).isEqualTo(rendered);
  }
}
