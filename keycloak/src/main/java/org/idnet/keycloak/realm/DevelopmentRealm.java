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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The development realm: the production realm ({@code keycloak/idnet-realm.json}) plus the sandbox
 * clients and people of {@code keycloak/dev/idnet-dev-clients.json}, and the sandbox secrets and
 * redirect URIs of the production clients that have none in the production file. Keycloak imports a
 * realm only when it does not exist yet, so the sandbox cannot load the two parts one after the
 * other: the build writes the merge to one file ({@link #main}), and a test holds that file equal to
 * the merge.
 */
public final class DevelopmentRealm {

  /** Where the build puts the merged file on the classpath of this module's jar. */
  public static final String RESOURCE = "/keycloak/idnet-realm-dev.json";

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Set<String> MERGED = Set.of("clients", "users", "clientSecrets", "clientRedirects");
  /** Redirect URIs the development part may give a production client: the sandbox's own web on this machine. */
  private static final String SANDBOX_ORIGIN = "http://localhost:";
  /** Settings the development part may set, and to which values: plain HTTP on this machine only. */
  private static final Map<String, Set<String>> OVERRIDABLE = Map.of("sslRequired", Set.of("external"));

  private DevelopmentRealm() {
  }

  /**
   * The production realm with the development part's clients and users added. The development part
   * may hold nothing else (a comment aside) but {@code sslRequired: external} (the sandbox serves plain
   * HTTP on localhost), and, for production clients only: a secret where the production file has none
   * ({@code clientSecrets}: client id → secret) and sandbox redirect URIs on {@code http://localhost}
   * that replace the production ones ({@code clientRedirects}: client id → {@code redirectUris},
   * {@code postLogoutRedirectUris}). It cannot change another production setting by accident.
   */
  public static ObjectNode merge(JsonNode production, JsonNode development) {
    ObjectNode merged = production.deepCopy();
    for (Iterator<String> names = development.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (OVERRIDABLE.containsKey(name) && OVERRIDABLE.get(name).contains(development.get(name).asText())) {
        merged.set(name, development.get(name).deepCopy());
      } else if (!MERGED.contains(name) && !name.equals("_comment")) {
        throw new IllegalArgumentException("the development part may only add clients and users (and set sslRequired"
            + " to external, production clients' secrets and sandbox redirect URIs); it has '" + name + "'");
      }
    }
    for (Map.Entry<String, JsonNode> secret : development.path("clientSecrets").properties()) {
      ObjectNode client = productionClient(merged, secret.getKey(), "clientSecrets");
      if (client.has("secret")) {
        throw new IllegalArgumentException("clientSecrets: '" + secret.getKey() + "' already has a secret");
      }
      if (!secret.getValue().isTextual() || !secret.getValue().asText().equals(secret.getKey() + "-secret")) {
        throw new IllegalArgumentException("clientSecrets: the sandbox secret of '" + secret.getKey() + "' is '"
            + secret.getKey() + "-secret'");
      }
      client.put("secret", secret.getValue().asText());
    }
    for (Map.Entry<String, JsonNode> redirect : development.path("clientRedirects").properties()) {
      ObjectNode client = productionClient(merged, redirect.getKey(), "clientRedirects");
      for (Iterator<String> kinds = redirect.getValue().fieldNames(); kinds.hasNext(); ) {
        String kind = kinds.next();
        if (!kind.equals("redirectUris") && !kind.equals("postLogoutRedirectUris")) {
          throw new IllegalArgumentException("clientRedirects: '" + redirect.getKey() + "' may set redirectUris and"
              + " postLogoutRedirectUris only; it has '" + kind + "'");
        }
      }
      ArrayNode uris = sandboxUris(redirect, "redirectUris");
      ArrayNode logout = sandboxUris(redirect, "postLogoutRedirectUris");
      client.set("redirectUris", uris);
      ObjectNode attributes = client.has("attributes") ? (ObjectNode) client.get("attributes") : client.putObject("attributes");
      List<String> joined = new ArrayList<>();
      logout.forEach(uri -> joined.add(uri.asText()));
      attributes.put("post.logout.redirect.uris", String.join("##", joined));
    }
    append(merged, development, "clients", "clientId");
    append(merged, development, "users", "username");
    return merged;
  }

  /** A client of the production part (the development part's own clients carry their settings themselves). */
  private static ObjectNode productionClient(ObjectNode merged, String clientId, String list) {
    for (JsonNode client : merged.path("clients")) {
      if (client.path("clientId").asText().equals(clientId)) {
        return (ObjectNode) client;
      }
    }
    throw new IllegalArgumentException(list + ": '" + clientId + "' is not a client of the production realm");
  }

  /** Exact URIs of the sandbox's web on this machine: no wildcard, no other host. */
  private static ArrayNode sandboxUris(Map.Entry<String, JsonNode> redirect, String kind) {
    JsonNode uris = redirect.getValue().path(kind);
    if (!uris.isArray() || uris.isEmpty()) {
      throw new IllegalArgumentException("clientRedirects: '" + redirect.getKey() + "' has no " + kind);
    }
    for (JsonNode uri : uris) {
      String text = uri.asText();
      if (!text.matches("http://localhost:[0-9]{1,5}/[A-Za-z0-9/._-]*") || text.contains("*")) {
        throw new IllegalArgumentException("clientRedirects: '" + redirect.getKey() + "' " + kind + " must be exact "
            + SANDBOX_ORIGIN + "<port>/<path> URIs; it has '" + text + "'");
      }
    }
    return (ArrayNode) uris.deepCopy();
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

  /**
   * The sandbox web's origin the development part's redirect URIs name ({@code clientRedirects}): the
   * web's default port.
   */
  public static final String SANDBOX_WEB_ORIGIN = "http://localhost:8070";

  /**
   * The development realm with the sandbox web on {@code webPort} instead of 8070: every client's
   * redirect URI and post-logout redirect URI on {@link #SANDBOX_WEB_ORIGIN} moved to
   * {@code http://localhost:<webPort>}, nothing else touched (a network on free ports imports the
   * realm with its own web's origin, or Keycloak would refuse the console's login redirect).
   */
  public static ObjectNode withSandboxWebPort(JsonNode realm, int webPort) {
    if (webPort < 1 || webPort > 65535) {
      throw new IllegalArgumentException("not a TCP port: " + webPort);
    }
    ObjectNode moved = realm.deepCopy();
    String origin = SANDBOX_ORIGIN + webPort;
    for (JsonNode client : moved.path("clients")) {
      if (client.path("redirectUris").isArray()) {
        ArrayNode uris = (ArrayNode) client.get("redirectUris");
        for (int i = 0; i < uris.size(); i++) {
          uris.set(i, moved.textNode(onPort(uris.get(i).asText(), origin)));
        }
      }
      JsonNode logout = client.path("attributes").path("post.logout.redirect.uris");
      if (logout.isTextual()) {
        List<String> each = new ArrayList<>();
        for (String uri : logout.asText().split("##", -1)) {
          each.add(onPort(uri, origin));
        }
        ((ObjectNode) client.get("attributes")).put("post.logout.redirect.uris", String.join("##", each));
      }
    }
    return moved;
  }

  /** {@code uri} with the sandbox web's origin replaced; any other URI as it is. */
  private static String onPort(String uri, String origin) {
    return uri.startsWith(SANDBOX_WEB_ORIGIN + "/") ? origin + uri.substring(SANDBOX_WEB_ORIGIN.length()) : uri;
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
