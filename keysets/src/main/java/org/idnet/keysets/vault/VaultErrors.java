package org.idnet.keysets.vault;

import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Vault's own words for a failure, for messages: its {@code errors} array ("permission denied",
 * "encryption key not found"), which never holds a secret, or what stopped the call (connection
 * refused, a certificate not trusted). Never the request, which may hold a token or key material.
 */
final class VaultErrors {

  private static final String BODY = "Response body: ";

  private VaultErrors() {
  }

  /** {@code HTTP 403: permission denied}. */
  static String of(int status, byte[] body) {
    return "HTTP " + status + ": " + errors(body == null ? "" : new String(body, StandardCharsets.UTF_8));
  }

  /** What the driver's exception says: Vault's answer if there was one, else the transport failure. */
  static String of(VaultException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    int body = message.indexOf(BODY);
    if (e.getHttpStatusCode() > 0 && body >= 0) {
      return "HTTP " + e.getHttpStatusCode() + ": " + errors(message.substring(body + BODY.length()));
    }
    if (e.getHttpStatusCode() > 0) {
      return "HTTP " + e.getHttpStatusCode();
    }
    // The transport's exceptions under the driver's wrappers: ConnectException / ClosedChannelException,
    // SSLHandshakeException / ...: unable to find valid certification path.
    List<String> kinds = new ArrayList<>();
    String detail = null;
    for (Throwable t = e.getCause(); t != null && kinds.size() < 5; t = t.getCause()) {
      if (!t.getClass().getName().startsWith("io.github.jopenlibs.")) {
        if (kinds.isEmpty() || !kinds.getLast().equals(t.getClass().getSimpleName())) {
          kinds.add(t.getClass().getSimpleName());
        }
        detail = t.getMessage() == null || t.getMessage().isBlank() ? detail : t.getMessage();
      }
    }
    return kinds.isEmpty() ? message : String.join(" / ", kinds) + (detail == null ? "" : ": " + detail);
  }

  /** True when Vault's answer names a transit key that does not exist. */
  static boolean keyNotFound(byte[] body) {
    return body != null && new String(body, StandardCharsets.UTF_8).contains("encryption key not found");
  }

  private static String errors(String json) {
    try {
      List<String> errors = new ArrayList<>();
      for (JsonValue error : Json.parse(json).asObject().get("errors").asArray()) {
        errors.add(error.asString().strip());
      }
      return errors.isEmpty() ? "(no error given)" : String.join("; ", errors);
    } catch (RuntimeException notVaultsErrorShape) {
      return "(no error given)";
    }
  }
}
