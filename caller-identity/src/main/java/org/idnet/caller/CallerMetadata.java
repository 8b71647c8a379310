package org.idnet.caller;

import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The one metadata entry that carries the gateway's statement of the {@link Caller}:
 * {@code x-idnet-caller: v2|subject|clientId|agencyId|role,role}, each field URL-encoded. No
 * signature: the mutual-TLS peer (the gateway) is what makes it true, and a service refuses it from
 * any other peer. Not a secret and not replayable elsewhere: a process that could send it would
 * first need the gateway's private key.
 */
public final class CallerMetadata {

  public static final Metadata.Key<String> CALLER =
      Metadata.Key.of("x-idnet-caller", Metadata.ASCII_STRING_MARSHALLER);

  private static final String VERSION = "v2";

  private CallerMetadata() {
  }

  /** Metadata stating {@code caller}. */
  public static Metadata of(Caller caller) {
    Metadata metadata = new Metadata();
    metadata.put(CALLER, encode(caller));
    return metadata;
  }

  /** A client interceptor that states {@code caller} on every call of a stub. */
  public static ClientInterceptor attaching(Caller caller) {
    return MetadataUtils.newAttachHeadersInterceptor(of(caller));
  }

  public static String encode(Caller caller) {
    return String.join("|", VERSION, enc(caller.subject()), enc(caller.clientId()), enc(caller.agencyId()),
        enc(String.join(",", caller.roles())));
  }

  /** The caller stated by {@code encoded}, or {@link InvalidCallerException} if it is malformed. */
  public static Caller decode(String encoded) {
    String[] parts = encoded.split("\\|", -1);
    if (parts.length != 5 || !VERSION.equals(parts[0])) {
      throw new InvalidCallerException("malformed caller identity");
    }
    try {
      String roles = dec(parts[4]);
      Set<String> roleSet = new LinkedHashSet<>();
      if (!roles.isEmpty()) {
        // The gateway states roles of [a-z0-9:-]; an empty one (",x", "x,,y") is no role it stated.
        for (String role : roles.split(",", -1)) {
          if (role.isEmpty()) {
            throw new InvalidCallerException("malformed caller identity");
          }
          roleSet.add(role);
        }
      }
      return new Caller(dec(parts[1]), dec(parts[2]), dec(parts[3]), roleSet);
    } catch (IllegalArgumentException e) {
      throw new InvalidCallerException("malformed caller identity");
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String dec(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
