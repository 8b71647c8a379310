package org.idnet.disclosure.api;

import org.idnet.disclosure.release.domain.DisclosedFields;
import org.idnet.disclosure.release.domain.IdentityField;
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

  /** Unset fields (not granted, or not held) stay null. */
  public static DisclosedFields fromProto(IdentityFields fields) {
    return new DisclosedFields(
        fields.hasFullName() ? fields.getFullName() : null,
        fields.hasNationalId() ? fields.getNationalId() : null,
        fields.hasDateOfBirth() ? fields.getDateOfBirth() : null,
        fields.hasPhoneNumber() ? fields.getPhoneNumber() : null);
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
    return proto.build();
  }
}
