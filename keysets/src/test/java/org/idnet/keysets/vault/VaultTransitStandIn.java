package org.idnet.keysets.vault;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.idnet.tls.dev.DevelopmentCa;

/**
 * A STAND-IN for Vault (or OpenBao), not Vault: no Vault or OpenBao binary can be had on the machines
 * this project is built on (neither is packaged by Debian, there is no Docker and no registry image,
 * and only Maven Central, npm and Debian are reachable), so the tests cannot start the real server.
 * This serves the part of Vault's HTTP API that idnet's client calls, over real HTTPS on a loopback
 * socket with a development certificate, so the client and the driver run their real code path
 * (TLS, headers, JSON, status codes):
 * <ul>
 *   <li>{@code GET /v1/auth/token/lookup-self} - 200 for a known {@code X-Vault-Token}, else 403;
 *   <li>{@code POST /v1/auth/<path>/login} with {@code role} and {@code jwt} (Kubernetes auth) - a
 *       new token, or 403 for a wrong pair, 400 for an unknown role;
 *   <li>{@code POST /v1/<mount>/encrypt/<key>} and {@code /decrypt/<key>} (transit) with base64
 *       {@code plaintext} / {@code associated_data} and {@code vault:v<n>:} ciphertexts, AES-256-GCM
 *       per key version, as a key of type {@code aes256-gcm96}.
 * </ul>
 * Errors are answered in Vault's shape ({@code {"errors":[...]}}) with the statuses and messages a
 * Vault 1.13+ answers in these cases: 403 {@code permission denied} for a bad token (and for an
 * encryption under a key that does not exist, as under a policy that grants {@code update} but not
 * {@code create}); 400 {@code encryption key not found}; 400 {@code cipher: message authentication
 * failed}. What it cannot show: that a real Vault's answers match in every detail beyond these.
 */
public final class VaultTransitStandIn implements AutoCloseable {

  private static final Pattern TRANSIT = Pattern.compile("/v1/(.+)/(encrypt|decrypt)/([A-Za-z0-9._-]+)");
  private static final Pattern LOGIN = Pattern.compile("/v1/auth/(.+)/login");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final HttpsServer server;
  private final Path caFile;
  private final Set<String> tokens = ConcurrentHashMap.newKeySet();
  private final Map<String, List<SecretKey>> keys = new ConcurrentHashMap<>();
  private final Map<String, String> kubernetesRoles = new ConcurrentHashMap<>();
  private final List<String> calls = new CopyOnWriteArrayList<>();

  private VaultTransitStandIn(HttpsServer server, Path caFile) {
    this.server = server;
    this.caFile = caFile;
  }

  /** Starts on a free loopback port; {@link #caFile()} verifies its certificate (names localhost, 127.0.0.1). */
  public static VaultTransitStandIn start() {
    try {
      DevelopmentCa ca = DevelopmentCa.create("vault-stand-in", Duration.ofDays(1));
      DevelopmentCa.Issued issued = ca.issueForUri("spiffe://idnet/vault-stand-in", Duration.ofDays(1));
      Path directory = issued.writeTo(Files.createTempDirectory("vault-stand-in"));
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("vault", issued.key(), new char[0], new Certificate[] {issued.certificate(), issued.ca()});
      KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(store, new char[0]);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(keyManagers.getKeyManagers(), null, null);
      HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(tls));
      VaultTransitStandIn vault = new VaultTransitStandIn(server, directory.resolve(DevelopmentCa.CA));
      server.createContext("/", vault::handle);
      server.start();
      return vault;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code hcvault://localhost:<port>/<mount>/keys/<name>}. */
  public String keyUri(String mount, String name) {
    return "hcvault://localhost:" + server.getAddress().getPort() + "/" + mount + "/keys/" + name;
  }

  /** The PEM file of the CA that signed this server's certificate. */
  public Path caFile() {
    return caFile;
  }

  /** A new valid token. */
  public String issueToken() {
    String token = "s." + UUID.randomUUID();
    tokens.add(token);
    return token;
  }

  /** Creates the transit key {@code mount/keys/name} (AES-256-GCM, version 1). */
  public VaultTransitStandIn createKey(String mount, String name) {
    keys.computeIfAbsent(mount + "/" + name, k -> new CopyOnWriteArrayList<>()).add(newKey());
    return this;
  }

  /** A new version of the key: new encryptions use it, older versions still decrypt. */
  public void rotateKey(String mount, String name) {
    keys.get(mount + "/" + name).add(newKey());
  }

  /** Kubernetes auth: {@code role} logs in with exactly {@code jwt}. */
  public void allowKubernetes(String role, String jwt) {
    kubernetesRoles.put(role, jwt);
  }

  /** Every call so far: {@code METHOD /path}, in order. */
  public List<String> calls() {
    return List.copyOf(calls);
  }

  /**
   * Alters one byte of what Vault sealed inside an encrypted Tink keyset file (its base64
   * {@code encryptedKeyset}, which holds Vault's {@code vault:v<n>:<base64>} text), as an attacker
   * or a disk error would, leaving the file well-formed.
   */
  public static void alterOneSealedByte(Path keysetFile) {
    try {
      String json = Files.readString(keysetFile);
      Matcher field = Pattern.compile("\"encryptedKeyset\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
      if (!field.find()) {
        throw new IllegalArgumentException(keysetFile + " is not an encrypted keyset");
      }
      String vaultText = new String(Base64.getDecoder().decode(field.group(1)), StandardCharsets.UTF_8);
      int colon = vaultText.lastIndexOf(':');
      byte[] sealed = Base64.getDecoder().decode(vaultText.substring(colon + 1));
      sealed[sealed.length / 2] ^= 1;
      String altered = vaultText.substring(0, colon + 1) + Base64.getEncoder().encodeToString(sealed);
      Files.writeString(keysetFile, json.replace(field.group(1),
          Base64.getEncoder().encodeToString(altered.getBytes(StandardCharsets.UTF_8))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      calls.add(exchange.getRequestMethod() + " " + path);
      JsonObject body = exchange.getRequestMethod().equals("POST")
          ? Json.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)).asObject()
          : new JsonObject();
      Matcher login = LOGIN.matcher(path);
      if (login.matches() && exchange.getRequestMethod().equals("POST")) {
        kubernetesLogin(exchange, body);
        return;
      }
      if (!tokens.contains(String.valueOf(exchange.getRequestHeaders().getFirst("X-Vault-Token")))) {
        error(exchange, 403, "permission denied");
        return;
      }
      Matcher transit = TRANSIT.matcher(path);
      if (path.equals("/v1/auth/token/lookup-self") && exchange.getRequestMethod().equals("GET")) {
        answer(exchange, 200, envelope().add("data", new JsonObject().add("accessor", "stand-in")
            .add("display_name", "token").add("id", exchange.getRequestHeaders().getFirst("X-Vault-Token"))
            .add("path", "auth/token/create").add("policies", Json.array("default", "idnet-keysets"))
            .add("renewable", false).add("ttl", 3600).add("type", "service")));
      } else if (transit.matches() && exchange.getRequestMethod().equals("POST")) {
        transit(exchange, transit.group(1) + "/" + transit.group(3), transit.group(2).equals("encrypt"), body);
      } else {
        error(exchange, 404, "no handler for route \"" + path + "\"");
      }
    } catch (RuntimeException | GeneralSecurityException e) {
      error(exchange, 500, "stand-in failure: " + e);
    }
  }

  private void kubernetesLogin(HttpExchange exchange, JsonObject body) throws IOException {
    String role = body.getString("role", "");
    if (!kubernetesRoles.containsKey(role)) {
      error(exchange, 400, "invalid role name \"" + role + "\"");
    } else if (!kubernetesRoles.get(role).equals(body.getString("jwt", ""))) {
      error(exchange, 403, "permission denied");
    } else {
      answer(exchange, 200, envelope().add("data", Json.NULL).add("auth", new JsonObject()
          .add("client_token", issueToken()).add("accessor", "stand-in")
          .add("policies", Json.array("default", "idnet-keysets"))
          .add("token_policies", Json.array("default", "idnet-keysets"))
          .add("metadata", new JsonObject().add("role", role).add("service_account_name", "idnet"))
          .add("lease_duration", 3600).add("renewable", true).add("token_type", "service").add("orphan", true)));
    }
  }

  private void transit(HttpExchange exchange, String key, boolean encrypt, JsonObject body)
      throws IOException, GeneralSecurityException {
    List<SecretKey> versions = keys.get(key);
    if (versions == null) {
      // Encrypting under a missing key would create it, which the policy idnet recommends does not allow.
      error(exchange, encrypt ? 403 : 400, encrypt ? "permission denied" : "encryption key not found");
      return;
    }
    byte[] associatedData = Base64.getDecoder().decode(body.getString("associated_data", ""));
    if (encrypt) {
      int version = versions.size();
      byte[] nonce = new byte[12];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, versions.get(version - 1), new GCMParameterSpec(128, nonce));
      cipher.updateAAD(associatedData);
      byte[] sealed = cipher.doFinal(Base64.getDecoder().decode(body.getString("plaintext", "")));
      byte[] out = new byte[nonce.length + sealed.length];
      System.arraycopy(nonce, 0, out, 0, nonce.length);
      System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
      answer(exchange, 200, envelope().add("data", new JsonObject()
          .add("ciphertext", "vault:v" + version + ":" + Base64.getEncoder().encodeToString(out))
          .add("key_version", version)));
      return;
    }
    Matcher ciphertext = Pattern.compile("vault:v(\\d+):([A-Za-z0-9+/=]+)").matcher(body.getString("ciphertext", ""));
    if (!ciphertext.matches()) {
      error(exchange, 400, "invalid ciphertext: no prefix");
      return;
    }
    int version = Integer.parseInt(ciphertext.group(1));
    byte[] in = Base64.getDecoder().decode(ciphertext.group(2));
    if (version < 1 || version > versions.size() || in.length < 28) {
      error(exchange, 400, version > versions.size() ? "invalid key version" : "invalid ciphertext: too short");
      return;
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, versions.get(version - 1), new GCMParameterSpec(128, in, 0, 12));
      cipher.updateAAD(associatedData);
      byte[] plaintext = cipher.doFinal(in, 12, in.length - 12);
      answer(exchange, 200, envelope().add("data", new JsonObject()
          .add("plaintext", Base64.getEncoder().encodeToString(plaintext))));
    } catch (GeneralSecurityException notAuthentic) {
      error(exchange, 400, "cipher: message authentication failed");
    }
  }

  private static SecretKey newKey() {
    try {
      KeyGenerator generator = KeyGenerator.getInstance("AES");
      generator.init(256);
      return generator.generateKey();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The fields every Vault answer carries around its {@code data} or {@code auth}. */
  private static JsonObject envelope() {
    return new JsonObject().add("request_id", UUID.randomUUID().toString()).add("lease_id", "")
        .add("renewable", false).add("lease_duration", 0).add("wrap_info", Json.NULL).add("warnings", Json.NULL);
  }

  private static void error(HttpExchange exchange, int status, String message) throws IOException {
    answer(exchange, status, new JsonObject().add("errors", Json.array(message)));
  }

  private static void answer(HttpExchange exchange, int status, JsonObject json) throws IOException {
    byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
