package org.idnet.disclosure.api;

import java.time.Instant;
import org.idnet.disclosure.release.domain.DisclosedFields;
import org.idnet.disclosure.release.domain.IdentityField;
import org.idnet.disclosure.release.domain.PhoneSource;
import org.idnet.identity.v1.IdentityFields;

/**
 * The identity fields in the contract (identity.v1 {@code IdentityField}, {@code IdentityFields})
 * and in the domain, both ways: one mapping for the requests' API, the grants, the request digest,
 * the release client and the sealed packages.
 */
public final class IdentityFieldMapping {

  private IdentityFieldMapping() {
  }

  public static org.idnet.identity.v1.IdentityField toProto(IdentityField field) {
    return switch (field) {
      case FULL_NAME -> org.idnet.identity.v1.IdentityField.FULL_NAME;
      case DATE_OF_BIRTH -> org.idnet.identity.v1.IdentityField.DATE_OF_BIRTH;
      case NATIONAL_ID -> org.idnet.identity.v1.IdentityField.NATIONAL_ID;
      case PHONE_NUMBER -> org.idnet.identity.v1.IdentityField.PHONE_NUMBER;
    };
  }

  /** UNSPECIFIED and values of a newer contract are null, which validation refuses naming the field. */
  public static IdentityField fromProto(org.idnet.identity.v1.IdentityField field) {
    return switch (field) {
      case FULL_NAME -> IdentityField.FULL_NAME;
      case DATE_OF_BIRTH -> IdentityField.DATE_OF_BIRTH;
      case NATIONAL_ID -> IdentityField.NATIONAL_ID;
      case PHONE_NUMBER -> IdentityField.PHONE_NUMBER;
      case IDENTITY_FIELD_UNSPECIFIED, UNRECOGNIZED -> null;
    };
  }

  /**
   * Unset fields (not granted, or not held) stay null; so does a phone source that is unset,
   * unspecified or of a newer contract (the package then states none rather than a wrong one).
   */
  public static DisclosedFields fromProto(IdentityFields fields) {
    return new DisclosedFields(
        fields.hasFullName() ? fields.getFullName() : null,
        fields.hasNationalId() ? fields.getNationalId() : null,
        fields.hasDateOfBirth() ? fields.getDateOfBirth() : null,
        fields.hasPhoneNumber() ? fields.getPhoneNumber() : null,
        fields.hasPhoneSource() ? fromProto(fields.getPhoneSource()) : null,
        fields.hasPhonePlatformVerifiedAt() ? Instant.ofEpochSecond(
            fields.getPhonePlatformVerifiedAt().getSeconds(), fields.getPhonePlatformVerifiedAt().getNanos()) : null);
  }

  static PhoneSource fromProto(org.idnet.identity.v1.PhoneSource source) {
    return switch (source) {
      case OTP -> PhoneSource.OTP;
      case IMPORTED -> PhoneSource.IMPORTED;
      case PHONE_SOURCE_UNSPECIFIED, UNRECOGNIZED -> null;
    };
  }

  static org.idnet.identity.v1.PhoneSource toProto(PhoneSource source) {
    return switch (source) {
      case OTP -> org.idnet.identity.v1.PhoneSource.OTP;
      case IMPORTED -> org.idnet.identity.v1.PhoneSource.IMPORTED;
    };
  }

  public static IdentityFields toProto(DisclosedFields fields) {
    IdentityFields.Builder proto = IdentityFields.newBuilder();
    if (fields.fullName() != null) {
      proto.setFullName(fields.fullName());
    }
    if (fields.nationalId() != null) {
      proto.setNationalId(fields.nationalId());
    }
    if (fields.dateOfBirth() != null) {
      proto.setDateOfBirth(fields.dateOfBirth());
    }
    if (fields.phoneNumber() != null) {
      proto.setPhoneNumber(fields.phoneNumber());
    }
    if (fields.phoneSource() != null) {
      proto.setPhoneSource(toProto(fields.phoneSource()));
    }
    if (fields.phonePlatformVerifiedAt() != null) {
      proto.setPhonePlatformVerifiedAt(ProtoTime.of(fields.phonePlatformVerifiedAt()));
    }
    return proto.build();
  }
}
