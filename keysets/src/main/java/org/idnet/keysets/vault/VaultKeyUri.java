package org.idnet.keysets.vault;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Vault transit key named the way Tink's HashiCorp Vault integration names it:
 * {@code hcvault://<host>[:<port>]/<transit mount>/keys/<key name>}, for example
 * {@code hcvault://vault.vault.svc:8200/transit/keys/idnet-identity}. The mount may have several
 * segments ({@code idnet/transit}). Vault is always reached over https at that host and port.
 *
 * @param address {@code https://<host>[:<port>]}
 * @param mount the transit mount, without slashes at either end
 * @param key the key's name in that mount
 */
record VaultKeyUri(String uri, String address, String mount, String key) {

  static final String SCHEME = "hcvault";
  static final String PREFIX = SCHEME + "://";
  private static final Pattern PATH = Pattern.compile("/((?:[A-Za-z0-9._-]+/)*?[A-Za-z0-9._-]+)/keys/([A-Za-z0-9._-]+)");

  static boolean isVaultUri(String uri) {
    return uri != null && uri.toLowerCase(Locale.ROOT).startsWith(PREFIX);
  }

  /** @throws IllegalArgumentException naming the expected shape when {@code uri} is not one */
  static VaultKeyUri parse(String uri) {
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (URISyntaxException | NullPointerException e) {
      throw malformed(uri);
    }
    if (!SCHEME.equalsIgnoreCase(parsed.getScheme()) || parsed.getHost() == null || parsed.getRawUserInfo() != null
        || parsed.getRawQuery() != null || parsed.getRawFragment() != null || parsed.getRawPath() == null) {
      throw malformed(uri);
    }
    Matcher path = PATH.matcher(parsed.getRawPath());
    if (!path.matches() || parsed.getRawPath().matches(".*/\\.{1,2}(/.*)?")) {
      throw malformed(uri);
    }
    String host = parsed.getHost().contains(":") && !parsed.getHost().startsWith("[") ? "[" + parsed.getHost() + "]"
        : parsed.getHost();
    String address = "https://" + host + (parsed.getPort() == -1 ? "" : ":" + parsed.getPort());
    return new VaultKeyUri(uri, address, path.group(1), path.group(2));
  }

  String encryptPath() {
    return mount + "/encrypt/" + key;
  }

  String decryptPath() {
    return mount + "/decrypt/" + key;
  }

  private static IllegalArgumentException malformed(String uri) {
    return new IllegalArgumentException("not a Vault transit key URI: " + uri
        + " (expected hcvault://<host>[:<port>]/<transit mount>/keys/<key name>)");
  }
}
