package org.idnet.identity.api;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Timestamp;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.idnet.identity.v1.DisclosureGrant;
import org.idnet.identity.v1.IdentityField;
import org.idnet.identity.v1.ReleaseIdentityRequest;
import org.idnet.keysets.PublicKeysetFile;
import org.idnet.keysets.TinkRegistration;

/**
 * Signs disclosure grants the way disclosure-service does: Ed25519 (Tink, TINK output prefix) over
 * the deterministic serialization of a {@link DisclosureGrant}, and publishes the public half of
 * its keyset as a file identity-service trusts.
 */
final class GrantSigner {

  final KeysetHandle keyset;

  GrantSigner() {
    this(generate());
  }

  private GrantSigner(KeysetHandle keyset) {
    this.keyset = keyset;
  }

  private static KeysetHandle generate() {
    TinkRegistration.ensure();
    try {
      return KeysetHandle.generateNew(PredefinedSignatureParameters.ED25519);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The same keyset with a new primary key: the old key still verifies until it leaves the file. */
  GrantSigner rotated() {
    try {
      return new GrantSigner(KeysetHandle.newBuilder(keyset)
          .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedSignatureParameters.ED25519).withRandomId()
              .makePrimary()).build());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  GrantSigner publish(Path file) {
    PublicKeysetFile.write(file, keyset);
    return this;
  }

  String keyId() {
    return Integer.toUnsignedString(keyset.getPrimary().getId());
  }

  /** A grant for the account, issued at {@code issuedAt}, living 30 s, for identity-service. */
  static DisclosureGrant.Builder grant(String platform, String account, Instant issuedAt, IdentityField... fields) {
    return DisclosureGrant.newBuilder()
        .setGrantId(UUID.randomUUID().toString())
        .setRequestId(UUID.randomUUID().toString())
        .setPlatformId(platform)
        .setAccountId(account)
        .addAllFields(List.of(fields))
        .setIssuedAt(timestamp(issuedAt))
        .setExpiresAt(timestamp(issuedAt.plus(Duration.ofSeconds(30))))
        .setAudience("identity-service");
  }

  ReleaseIdentityRequest sign(DisclosureGrant.Builder grant) {
    return sign(deterministic(grant.build()));
  }

  ReleaseIdentityRequest sign(byte[] grant) {
    try {
      byte[] signature = keyset.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class).sign(grant);
      return ReleaseIdentityRequest.newBuilder().setGrant(ByteString.copyFrom(grant))
          .setSignature(ByteString.copyFrom(signature)).setKeyId(keyId()).build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] deterministic(DisclosureGrant grant) {
    byte[] bytes = new byte[grant.getSerializedSize()];
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.useDeterministicSerialization();
    try {
      grant.writeTo(out);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    out.checkNoSpaceLeft();
    return bytes;
  }

  static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }
}
