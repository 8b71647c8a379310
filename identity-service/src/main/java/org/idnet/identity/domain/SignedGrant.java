package org.idnet.identity.domain;

/**
 * A disclosure grant as received: the serialized grant exactly as signed, the signature over
 * those bytes, and the id of the signing key (a Tink key id, unsigned decimal). Nothing in it is
 * trusted before the signature is verified.
 */
public record SignedGrant(byte[] grant, byte[] signature, String keyId) {

  public SignedGrant {
    grant = grant == null ? new byte[0] : grant.clone();
    signature = signature == null ? new byte[0] : signature.clone();
    keyId = keyId == null ? "" : keyId;
  }

  @Override
  public byte[] grant() {
    return grant.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }
}
