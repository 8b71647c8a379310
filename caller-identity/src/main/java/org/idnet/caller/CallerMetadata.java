package org.idnet.caller;

import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The one metadata entry that carries the gateway's statement of the {@link Caller}:
 * {@code x-idnet-caller: v2|subject|clientId|agencyId|role,role}, each field URL-encoded; a hosted
 * session's caller adds its session id and account scope:
 * {@code v3|subject|clientId|agencyId|role,role|sessionId|account,guardian} (an account id never
 * holds ','; v2 stays the form of every other caller). No
 * signature: the mutual-TLS peer (the gateway) is what makes it true, and a service refuses it from
 * any other peer. Not a secret and not replayable elsewhere: a process that could send it would
 * first need the gateway's private key.
 */
public final class CallerMetadata {

  public static final Metadata.Key<String> CALLER =
      Metadata.Key.of("x-idnet-caller", Metadata.ASCII_STRING_MARSHALLER);

  private static final String VERSION = "v2";
  private static final String SESSION_VERSION = "v3";

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
    String plain = String.join("|", enc(caller.subject()), enc(caller.clientId()), enc(caller.agencyId()),
        enc(String.join(",", caller.roles())));
    if (!caller.inHostedSession()) {
      return VERSION + "|" + plain;
    }
    return String.join("|", SESSION_VERSION, plain, enc(caller.sessionId()),
        enc(String.join(",", caller.accountScope())));
  }

  /** The caller stated by {@code encoded}, or {@link InvalidCallerException} if it is malformed. */
  public static Caller decode(String encoded) {
    String[] parts = encoded.split("\\|", -1);
    boolean session = parts.length == 7 && SESSION_VERSION.equals(parts[0]);
    if (!session && (parts.length != 5 || !VERSION.equals(parts[0]))) {
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
      if (!session) {
        return new Caller(dec(parts[1]), dec(parts[2]), dec(parts[3]), roleSet);
      }
      String sessionId = dec(parts[5]);
      List<String> scope = List.of(dec(parts[6]).split(",", -1));
      // A session stated without an id, or with an empty account or more than account and guardian, is
      // no session the gateway stated.
      if (sessionId.isEmpty() || scope.size() > 2 || scope.stream().anyMatch(String::isEmpty)) {
        throw new InvalidCallerException("malformed caller identity");
      }
      return new Caller(dec(parts[1]), dec(parts[2]), dec(parts[3]), roleSet, sessionId, scope);
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
