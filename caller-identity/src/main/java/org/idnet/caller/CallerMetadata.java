package org.idnet.caller;

import io.grpc.Metadata;

/** The two metadata entries that carry a signed {@link Caller} on a gRPC call. */
public final class CallerMetadata {

  public static final Metadata.Key<String> CALLER =
      Metadata.Key.of("x-idnet-caller", Metadata.ASCII_STRING_MARSHALLER);
  public static final Metadata.Key<String> SIGNATURE =
      Metadata.Key.of("x-idnet-caller-sig", Metadata.ASCII_STRING_MARSHALLER);

  private CallerMetadata() {
  }

  /** Metadata naming {@code caller}, signed with the codec's key. */
  public static Metadata of(Caller caller, CallerCodec codec) {
    Metadata metadata = new Metadata();
    String encoded = codec.encode(caller);
    metadata.put(CALLER, encoded);
    metadata.put(SIGNATURE, codec.sign(encoded));
    return metadata;
  }
}
