package org.idnet.identity.api;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.idnet.identity.domain.FiledClaims;
import org.idnet.identity.domain.GrantClaims;
import org.idnet.identity.domain.GrantDecoder;
import org.idnet.identity.domain.GrantedField;
import org.idnet.identity.v1.DisclosureGrant;
import org.idnet.identity.v1.FiledRequest;
import org.idnet.identity.v1.IdentityField;
import org.idnet.proto.DeterministicBytes;

/** Decodes the contract's {@link DisclosureGrant} bytes, once their signature verified, into domain claims. */
public final class ProtoGrantDecoder implements GrantDecoder {

  @Override
  public Optional<GrantClaims> decode(byte[] grant) {
    DisclosureGrant decoded;
    try {
      decoded = DisclosureGrant.parseFrom(grant);
    } catch (InvalidProtocolBufferException malformed) {
      return Optional.empty();
    }
    if (!Timestamps.isValid(decoded.getIssuedAt()) || !Timestamps.isValid(decoded.getExpiresAt())) {
      return Optional.empty();
    }
    FiledClaims filed = decoded.hasFiled() && Timestamps.isValid(decoded.getFiled().getFiledAt())
        && Timestamps.isValid(decoded.getFiled().getDueAt()) ? filed(decoded.getFiled()) : null;
    return Optional.of(new GrantClaims(decoded.getGrantId(), decoded.getRequestId(), decoded.getPlatformId(),
        decoded.getAccountId(), decoded.getFieldsList().stream().map(ProtoGrantDecoder::field).toList(),
        instant(decoded.getIssuedAt()), instant(decoded.getExpiresAt()), decoded.getAudience(), filed,
        decoded.getDigest(), decoded.hasFiled() ? digest(decoded.getFiled()) : "", decoded.getFilerToken(),
        decoded.getApproverToken()));
  }

  private static FiledClaims filed(FiledRequest filed) {
    return new FiledClaims(filed.getRequestId(), filed.getAgencyId(), filed.getRequestedBy(), filed.getPlatformId(),
        filed.getAccountId(), filed.getFieldsList().stream().map(ProtoGrantDecoder::field).toList(),
        filed.getEmergency(), instant(filed.getFiledAt()), instant(filed.getDueAt()));
  }

  /**
   * The digest disclosure-service computed when the request was filed: SHA-256 over the
   * deterministic serialization of the FiledRequest (identity_release.proto), lowercase hex.
   */
  static String digest(FiledRequest filed) {
    return HexFormat.of().formatHex(DeterministicBytes.sha256(filed));
  }

  private static GrantedField field(IdentityField field) {
    return switch (field) {
      case FULL_NAME -> GrantedField.FULL_NAME;
      case DATE_OF_BIRTH -> GrantedField.DATE_OF_BIRTH;
      case NATIONAL_ID -> GrantedField.NATIONAL_ID;
      case PHONE_NUMBER -> GrantedField.PHONE_NUMBER;
      // UNSPECIFIED names nothing; UNRECOGNIZED is a value of a newer contract.
      case IDENTITY_FIELD_UNSPECIFIED, UNRECOGNIZED -> GrantedField.UNRECOGNISED;
    };
  }

  /** An absent timestamp reads as the epoch: expired, and no lifetime check passes it. */
  private static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
