package org.idnet.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The external secret store and the External Secrets Operator, on this machine: a Secret of namespace
 * idnet is what the rendered {@code ExternalSecret} of that namespace whose target it is says (each
 * {@code data[].secretKey} from its {@code remoteRef} key and property), read from a store the test fills. A remote value nobody put is
 * made up once (a URL-safe token; 32 random bytes in base64 for a key named like one, such as
 * phone-otp's {@code code-hash-key}), so any Secret the manifests read exists, with one value
 * wherever it is read, and no Secret name is written into the test.
 */
final class LocalSecretStore {

  record RemoteRef(String key, String property) {
    @Override
    public String toString() {
      return key + "#" + property;
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();
  private final Map<String, ObjectNode> bySecret = new LinkedHashMap<>();
  private final Map<RemoteRef, byte[]> store = new HashMap<>();
  /** Values made on demand (keysets, files of a tool's output), by the Secret key they are read for. */
  private final Map<String, Function<RemoteRef, byte[]>> providers = new LinkedHashMap<>();

  LocalSecretStore(Manifests manifests) {
    for (ObjectNode externalSecret : manifests.ofKind("ExternalSecret")) {
      // The pods' namespace only: a Secret elsewhere (the CA keys in cert-manager's) is not theirs to mount.
      if (!TrustAnchors.NAMESPACE.equals(externalSecret.at("/metadata/namespace").asText(TrustAnchors.NAMESPACE))) {
        continue;
      }
      String target = externalSecret.at("/spec/target/name").asText(Manifests.name(externalSecret));
      bySecret.put(target.isEmpty() ? Manifests.name(externalSecret) : target, externalSecret);
    }
  }

  boolean produces(String secret) {
    return bySecret.containsKey(secret);
  }

  /** Where Secret {@code secret}'s key {@code key} comes from. */
  RemoteRef ref(String secret, String key) {
    ObjectNode externalSecret = bySecret.get(secret);
    if (externalSecret == null) {
      throw new AssertionError("no ExternalSecret writes Secret " + secret + " (a misspelt Secret?)");
    }
    for (JsonNode data : externalSecret.at("/spec/data")) {
      if (data.path("secretKey").asText().equals(key)) {
        return new RemoteRef(data.at("/remoteRef/key").asText(), data.at("/remoteRef/property").asText());
      }
    }
    throw new AssertionError("ExternalSecret " + Manifests.name(externalSecret) + " writes no key " + key
        + " into Secret " + secret + " (a misspelt key?)");
  }

  /** Puts a value in the store behind Secret {@code secret}'s key {@code key}. */
  void put(String secret, String key, byte[] value) {
    store.put(ref(secret, key), value);
  }

  void put(String secret, String key, String value) {
    put(secret, key, value.getBytes(StandardCharsets.UTF_8));
  }

  /** Values of Secret keys named {@code secretKey} come from {@code provider} (e.g. a keyset file by its name). */
  void provide(String secretKey, Function<RemoteRef, byte[]> provider) {
    providers.put(secretKey, provider);
  }

  byte[] get(String secret, String key) {
    RemoteRef ref = ref(secret, key);
    byte[] known = store.get(ref);
    if (known != null) {
      return known;
    }
    byte[] made = Optional.ofNullable(providers.get(key)).map(p -> p.apply(ref)).orElseGet(() -> madeUp(key));
    store.put(ref, made);
    return made;
  }

  String text(String secret, String key) {
    return new String(get(secret, key), StandardCharsets.UTF_8);
  }

  /** Every key of the Secret, as ESO writes it. */
  Map<String, byte[]> files(String secret) {
    ObjectNode externalSecret = bySecret.get(secret);
    if (externalSecret == null) {
      throw new AssertionError("no ExternalSecret writes Secret " + secret + " (a misspelt Secret?)");
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (JsonNode data : externalSecret.at("/spec/data")) {
      files.put(data.path("secretKey").asText(), get(secret, data.path("secretKey").asText()));
    }
    return files;
  }

  private static byte[] madeUp(String key) {
    byte[] random = new byte[key.endsWith("-key") && !key.equals("api-key") ? 32 : 18];
    RANDOM.nextBytes(random);
    String text = random.length == 32 ? Base64.getEncoder().encodeToString(random)
        : Base64.getUrlEncoder().withoutPadding().encodeToString(random).replace('-', 'x').replace('_', 'y');
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
