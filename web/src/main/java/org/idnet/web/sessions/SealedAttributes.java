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
import java.util.Map;

/**
 * A session's contents as Redis keeps them: sealed with the web's AEAD keyset, the session's Redis
 * key as associated data (a value copied under another key does not open).
 *
 * <p>Inside: a version byte, the creation and last-access instants, then the attributes as Java
 * serialization of a {@code HashMap<String, Serializable>}. Java serialization because the console
 * keeps Spring Security's own objects there (SecurityContext, OAuth2AuthorizedClient), all
 * Serializable; only this process can produce a value that opens, and reading is limited to the
 * classes of Java, Spring Security and the web itself ({@link #FILTER}).
 */
public final class SealedAttributes {

  private static final byte VERSION = 1;
  static final ObjectInputFilter FILTER = ObjectInputFilter.Config.createFilter(
      "maxdepth=40;maxrefs=20000;maxbytes=1048576;java.**;org.springframework.security.**;"
          + "org.springframework.util.LinkedMultiValueMap;com.nimbusds.**;org.idnet.web.**;!*");

  private final Aead aead;

  public SealedAttributes(Aead aead) {
    this.aead = aead;
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
      objects.setObjectInputFilter(FILTER);
      @SuppressWarnings("unchecked")
      Map<String, Object> attributes = (Map<String, Object>) objects.readObject();
      return new Contents(created, lastAccess, new HashMap<>(attributes));
    } catch (IOException | ClassNotFoundException | ClassCastException e) {
      return null;
    }
  }
}
