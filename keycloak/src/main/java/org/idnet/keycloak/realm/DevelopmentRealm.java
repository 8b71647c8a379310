package org.idnet.keycloak.realm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * The development realm: the production realm ({@code keycloak/idnet-realm.json}) plus the sandbox
 * clients of {@code keycloak/dev/idnet-dev-clients.json}. Keycloak imports a realm only when it does
 * not exist yet, so the sandbox cannot load the two parts one after the other: the build writes the
 * merge to one file ({@link #main}), and a test holds that file equal to the merge.
 */
public final class DevelopmentRealm {

  /** Where the build puts the merged file on the classpath of this module's jar. */
  public static final String RESOURCE = "/keycloak/idnet-realm-dev.json";

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Set<String> MERGED = Set.of("clients", "users");
  /** Settings the development part may set, and to which values: plain HTTP on this machine only. */
  private static final java.util.Map<String, Set<String>> OVERRIDABLE = java.util.Map.of("sslRequired", Set.of("external"));

  private DevelopmentRealm() {
  }

  /**
   * The production realm with the development part's clients and users added. The development part
   * may hold nothing else (a comment aside) but {@code sslRequired: external} (the sandbox serves plain
   * HTTP on localhost): it cannot change another production setting by accident.
   */
  public static ObjectNode merge(JsonNode production, JsonNode development) {
    ObjectNode merged = production.deepCopy();
    for (Iterator<String> names = development.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (OVERRIDABLE.containsKey(name) && OVERRIDABLE.get(name).contains(development.get(name).asText())) {
        merged.set(name, development.get(name).deepCopy());
      } else if (!MERGED.contains(name) && !name.equals("_comment")) {
        throw new IllegalArgumentException("the development part may only add clients and users (and set sslRequired"
            + " to external); it has '" + name + "'");
      }
    }
    append(merged, development, "clients", "clientId");
    append(merged, development, "users", "username");
    return merged;
  }

  private static void append(ObjectNode merged, JsonNode development, String list, String key) {
    ArrayNode target = merged.has(list) ? (ArrayNode) merged.get(list) : merged.putArray(list);
    Set<String> seen = new HashSet<>();
    target.forEach(item -> seen.add(item.path(key).asText()));
    for (JsonNode item : development.path(list)) {
      String id = item.path(key).asText();
      if (id.isEmpty() || !seen.add(id)) {
        throw new IllegalArgumentException(list + ": '" + id + "' is missing or defined twice");
      }
      target.add(item.deepCopy());
    }
  }

  /** The merged realm this module's jar carries (written by the build). */
  public static JsonNode fromClasspath() {
    try (InputStream in = DevelopmentRealm.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the classpath: build the keycloak module (mvn package)");
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode read(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read realm file " + file + ": " + e.getMessage(), e);
    }
  }

  /** {@code production.json development.json output.json...}: writes the merge to every output. */
  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: DevelopmentRealm <production realm> <development clients> <output>...");
      System.exit(2);
    }
    byte[] merged = JSON.writeValueAsBytes(merge(read(Path.of(args[0])), read(Path.of(args[1]))));
    for (int i = 2; i < args.length; i++) {
      Path out = Path.of(args[i]);
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.write(out, merged);
    }
  }
}
