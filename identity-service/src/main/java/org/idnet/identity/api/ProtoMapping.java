package org.idnet.identity.api;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import org.idnet.identity.domain.AccountVerification;
import org.idnet.identity.v1.AgeBand;
import org.idnet.identity.v1.Capability;
import org.idnet.identity.v1.VerificationLevel;
import org.idnet.identity.v1.VerificationStatus;

/** Domain answers to the contract's messages; the only place both kinds of types meet. */
public final class ProtoMapping {

  private ProtoMapping() {
  }

  public static org.idnet.identity.v1.AccountVerification toProto(AccountVerification verification) {
    var proto = org.idnet.identity.v1.AccountVerification.newBuilder()
        .setAccountId(verification.accountId())
        .setStatus(status(verification))
        .setLevel(level(verification))
        .setAgeBand(ageBand(verification));
    capabilities(verification).forEach(proto::addCapabilities);
    verification.subjectId().ifPresent(proto::setSubjectId);
    verification.verifiedAt().ifPresent(at -> proto.setVerifiedAt(timestamp(at)));
    phoneSource(verification).ifPresent(proto::setPhoneSource);
    return proto.build();
  }

  static java.util.Optional<org.idnet.identity.v1.PhoneSource> phoneSource(AccountVerification verification) {
    return verification.phoneSource().map(source -> switch (source) {
      case OTP -> org.idnet.identity.v1.PhoneSource.OTP;
      case IMPORTED -> org.idnet.identity.v1.PhoneSource.IMPORTED;
    });
  }

  static VerificationStatus status(AccountVerification verification) {
    return switch (verification.status()) {
      case VERIFIED -> VerificationStatus.VERIFIED;
      case UNVERIFIED -> VerificationStatus.UNVERIFIED;
      case REVOKED -> VerificationStatus.REVOKED;
    };
  }

  public static VerificationLevel level(AccountVerification verification) {
    return switch (verification.level()) {
      case NONE -> VerificationLevel.NONE;
      case PHONE -> VerificationLevel.PHONE;
      case REAL_NAME -> VerificationLevel.REAL_NAME;
    };
  }

  static AgeBand ageBand(AccountVerification verification) {
    return switch (verification.ageBand()) {
      case ADULT -> AgeBand.ADULT;
      case MINOR -> AgeBand.MINOR;
      case UNKNOWN -> AgeBand.UNKNOWN;
    };
  }

  static java.util.List<Capability> capabilities(AccountVerification verification) {
    return verification.capabilities().stream().map(capability -> switch (capability) {
      case COMMENT -> Capability.COMMENT;
      case POST -> Capability.POST;
      case LIVESTREAM -> Capability.LIVESTREAM;
      case COMMERCE -> Capability.COMMERCE;
    }).toList();
  }

  static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }
}
