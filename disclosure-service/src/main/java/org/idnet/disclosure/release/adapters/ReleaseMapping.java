package org.idnet.disclosure.release.adapters;

import org.idnet.disclosure.release.domain.DisclosedFields;
import org.idnet.disclosure.release.domain.IdentityField;
import org.idnet.identity.v1.IdentityFields;

/** The release domain's values and their contract (identity.v1) forms, both ways. */
final class ReleaseMapping {

  private ReleaseMapping() {
  }

  static org.idnet.identity.v1.IdentityField toProto(IdentityField field) {
    return switch (field) {
      case FULL_NAME -> org.idnet.identity.v1.IdentityField.FULL_NAME;
      case DATE_OF_BIRTH -> org.idnet.identity.v1.IdentityField.DATE_OF_BIRTH;
      case NATIONAL_ID -> org.idnet.identity.v1.IdentityField.NATIONAL_ID;
      case PHONE_NUMBER -> org.idnet.identity.v1.IdentityField.PHONE_NUMBER;
    };
  }

  /** Unset fields (not granted, or not held) stay null. */
  static DisclosedFields fromProto(IdentityFields fields) {
    return new DisclosedFields(
        fields.hasFullName() ? fields.getFullName() : null,
        fields.hasNationalId() ? fields.getNationalId() : null,
        fields.hasDateOfBirth() ? fields.getDateOfBirth() : null,
        fields.hasPhoneNumber() ? fields.getPhoneNumber() : null);
  }

  static IdentityFields toProto(DisclosedFields fields) {
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
