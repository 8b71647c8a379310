package org.idnet.web.sessions;

import com.google.crypto.tink.Aead;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A session's contents as Redis keeps them: sealed with the web's AEAD keyset, the session's Redis
 * key as associated data (a value copied under another key does not open).
 *
 * <p>Inside: a version byte, the creation and last-access instants, then the attributes as Java
 * serialization of a {@code HashMap<String, Serializable>}. Java serialization because the console
 * keeps Spring Security's own objects there (SecurityContext, OAuth2AuthorizedClient), all
 * Serializable; only this process can produce a value that opens, and reading is limited to the
 * exact classes a session holds ({@link #ALLOWED}) within limits of depth, references, bytes and
 * array length ({@link #FILTER}).
 */
public final class SealedAttributes {

  private static final byte VERSION = 1;

  /**
   * Exactly the classes a session of the web holds, found by recording what the console's login,
   * fresh login and approval and the hosted flow read back (RecordingSessions in the tests of
   * PageAuthorizationTest and HostedPagesTest, which fail if anything is refused), their Serializable
   * superclasses, and the JDK's value and collection classes they use; also the user-info and
   * authority classes a real issuer's login may add, the boxed values of claims and the JDK's small
   * collections. Anything else, even from an allowed package, is refused and the session is treated
   * as absent. Strings and enum constants are not class descriptors: the filter never sees them.
   */
  public static final List<String> ALLOWED = List.of(
      // The web's own.
      "org.idnet.web.hosted.HostedState",
      "org.idnet.web.console.FreshLogin$Marker",
      // Spring Security: the security context, the OIDC login and its authorities, the authorized
      // client with its registration, the authorization request during a login, the CSRF token.
      "org.springframework.security.core.context.SecurityContextImpl",
      "org.springframework.security.authentication.AbstractAuthenticationToken",
      "org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken",
      "org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser",
      "org.springframework.security.oauth2.core.user.DefaultOAuth2User",
      "org.springframework.security.oauth2.core.oidc.OidcIdToken",
      "org.springframework.security.oauth2.core.oidc.OidcUserInfo",
      "org.springframework.security.oauth2.core.AbstractOAuth2Token",
      "org.springframework.security.oauth2.core.OAuth2AccessToken",
      "org.springframework.security.oauth2.core.OAuth2AccessToken$TokenType",
      "org.springframework.security.oauth2.core.OAuth2RefreshToken",
      "org.springframework.security.oauth2.client.OAuth2AuthorizedClient",
      "org.springframework.security.oauth2.client.registration.ClientRegistration",
      "org.springframework.security.oauth2.client.registration.ClientRegistration$ProviderDetails",
      "org.springframework.security.oauth2.client.registration.ClientRegistration$ProviderDetails$UserInfoEndpoint",
      "org.springframework.security.oauth2.client.registration.ClientRegistration$ClientSettings",
      "org.springframework.security.oauth2.core.AuthorizationGrantType",
      "org.springframework.security.oauth2.core.ClientAuthenticationMethod",
      "org.springframework.security.oauth2.core.AuthenticationMethod",
      "org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest",
      "org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationResponseType",
      "org.springframework.security.web.server.csrf.DefaultCsrfToken",
      "org.springframework.security.core.authority.SimpleGrantedAuthority",
      "org.springframework.security.core.authority.FactorGrantedAuthority",
      "org.springframework.security.oauth2.core.user.OAuth2UserAuthority",
      "org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority",
      // The JDK: values and collections (Object for the Object[] inside collections; an Object itself is not Serializable).
      "java.lang.Object", "java.lang.String", "java.lang.Number", "java.lang.Long", "java.lang.Integer", "java.lang.Boolean",
      "java.util.Date", "java.time.Instant", "java.time.Ser", "java.net.URI", "java.net.URL",
      "java.util.Map$Entry", "java.util.HashMap", "java.util.LinkedHashMap", "java.util.HashSet",
      "java.util.LinkedHashSet", "java.util.ArrayList", "java.util.CollSer",
      "java.util.Collections$UnmodifiableCollection", "java.util.Collections$UnmodifiableSet",
      "java.util.Collections$UnmodifiableList", "java.util.Collections$UnmodifiableRandomAccessList",
      "java.util.Collections$UnmodifiableMap",
      "java.util.Collections$EmptyList", "java.util.Collections$EmptySet", "java.util.Collections$EmptyMap",
      "java.util.Collections$SingletonList", "java.util.Collections$SingletonSet", "java.util.Collections$SingletonMap");

  /** {@link #ALLOWED} with limits; {@code !*} refuses the rest. */
  public static final ObjectInputFilter FILTER = ObjectInputFilter.Config.createFilter(
      "maxdepth=20;maxrefs=5000;maxbytes=262144;maxarray=10000;" + String.join(";", ALLOWED) + ";!*");

  private final Aead aead;
  private final ObjectInputFilter filter;

  public SealedAttributes(Aead aead) {
    this(aead, FILTER);
  }

  /** With another filter: the tests record what a session really holds (a filter wrapping {@link #FILTER}). */
  public SealedAttributes(Aead aead, ObjectInputFilter filter) {
    this.aead = aead;
    this.filter = filter;
  }

  /** What a session holds besides its id. */
  public record Contents(Instant created, Instant lastAccess, Map<String, Object> attributes) {
  }

  public byte[] seal(String redisKey, Contents contents) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeLong(contents.created().toEpochMilli());
      out.writeLong(contents.lastAccess().toEpochMilli());
      HashMap<String, Serializable> attributes = new HashMap<>();
      contents.attributes().forEach((name, value) -> {
        if (!(value instanceof Serializable serializable)) {
          throw new IllegalArgumentException("session attribute " + name + " is not Serializable: "
              + value.getClass().getName());
        }
        attributes.put(name, serializable);
      });
      ObjectOutputStream objects = new ObjectOutputStream(out);
      objects.writeObject(attributes);
      objects.flush();
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialize a session", e);
    }
    try {
      return aead.encrypt(bytes.toByteArray(), redisKey.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot seal a session", e);
    }
  }

  /** The contents, or null when the value does not open under this key (then the session is treated as absent). */
  public Contents open(String redisKey, byte[] sealed) {
    byte[] plain;
    try {
      plain = aead.decrypt(sealed, redisKey.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      return null;
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain))) {
      if (in.readByte() != VERSION) {
        return null;
      }
      Instant created = Instant.ofEpochMilli(in.readLong());
      Instant lastAccess = Instant.ofEpochMilli(in.readLong());
      ObjectInputStream objects = new ObjectInputStream(in);
      objects.setObjectInputFilter(filter);
      @SuppressWarnings("unchecked")
      Map<String, Object> attributes = (Map<String, Object>) objects.readObject();
      return new Contents(created, lastAccess, new HashMap<>(attributes));
    } catch (IOException | ClassNotFoundException | ClassCastException e) {
      return null;
    }
  }
}
