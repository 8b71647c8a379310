package org.idnet.caller.evidence;

import io.grpc.Metadata;

/** The metadata entry that carries an official's own access token (the raw JWT) as evidence. */
public final class EvidenceMetadata {

  public static final Metadata.Key<String> EVIDENCE =
      Metadata.Key.of("x-idnet-evidence", Metadata.ASCII_STRING_MARSHALLER);

  private EvidenceMetadata() {
  }

  public static Metadata of(String token) {
    Metadata metadata = new Metadata();
    metadata.put(EVIDENCE, token);
    return metadata;
  }
}
