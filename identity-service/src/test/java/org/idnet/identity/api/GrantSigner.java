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
import java.util.Date;
import org.idnet.caller.Caller;
import org.idnet.caller.evidence.TestIssuer;
import org.idnet.identity.v1.DisclosureGrant;
import org.idnet.identity.v1.FiledRequest;
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

  /** Signs with {@code keyset}, e.g. disclosure-service's grant-signing keyset read from its file. */
  static GrantSigner of(KeysetHandle keyset) {
    return new GrantSigner(keyset);
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

  /** The issuer of the officials' tokens, shared by every test of this JVM (its keys are archived per database). */
  static final TestIssuer ISSUER = TestIssuer.start();
  static final String AGENCY = "agency-1";
  static final Caller OFFICER = TestIssuer.official("officer-1", AGENCY, "agency-officer");
  static final Caller SUPERVISOR = TestIssuer.official("supervisor-1", AGENCY, "agency-supervisor");

  /**
   * A grant for the account, issued at {@code issuedAt}, living 30 s, for identity-service, with
   * valid evidence of four eyes: a request filed 10 minutes before by officer-1 of agency-1 (whose
   * token was issued a minute before filing), approved by supervisor-1 (token issued a minute
   * before the grant), and its digest.
   */
  static DisclosureGrant.Builder grant(String platform, String account, Instant issuedAt, IdentityField... fields) {
    String requestId = UUID.randomUUID().toString();
    Instant filedAt = issuedAt.minus(Duration.ofMinutes(10)).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    FiledRequest filed = FiledRequest.newBuilder()
        .setRequestId(requestId).setAgencyId(AGENCY).setRequestedBy(OFFICER.subject())
        .setPlatformId(platform).setAccountId(account).setLegalBasis("VN-CPC-2015-ART88")
        .addAllFields(List.of(fields)).setCaseReference("HS-2026/0042")
        .setFiledAt(timestamp(filedAt)).setDueAt(timestamp(filedAt.plus(Duration.ofHours(72)))).build();
    return DisclosureGrant.newBuilder()
        .setGrantId(UUID.randomUUID().toString())
        .setRequestId(requestId)
        .setPlatformId(platform)
        .setAccountId(account)
        .addAllFields(List.of(fields))
        .setIssuedAt(timestamp(issuedAt))
        .setExpiresAt(timestamp(issuedAt.plus(Duration.ofSeconds(30))))
        .setAudience("identity-service")
        .setFiled(filed)
        .setDigest(ProtoGrantDecoder.digest(filed))
        .setFilerToken(token(OFFICER, filedAt.minus(Duration.ofMinutes(1))))
        .setApproverToken(token(SUPERVISOR, issuedAt.minus(Duration.ofMinutes(1))));
  }

  /** The official's token, issued at {@code issuedAt}, living 5 minutes. */
  static String token(Caller official, Instant issuedAt) {
    return ISSUER.token(official, claims -> claims.issueTime(Date.from(issuedAt))
        .expirationTime(Date.from(issuedAt.plus(Duration.ofMinutes(5)))));
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
