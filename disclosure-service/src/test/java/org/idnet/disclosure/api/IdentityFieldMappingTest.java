package org.idnet.disclosure.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import org.idnet.disclosure.release.domain.DisclosedFields;
import org.idnet.disclosure.release.domain.IdentityField;
import org.idnet.disclosure.release.domain.PhoneSource;
import org.idnet.identity.v1.IdentityFields;
import org.junit.jupiter.api.Test;

class IdentityFieldMappingTest {

  @Test
  void everyDomainFieldMapsToTheContractValueOfItsNameAndBack() {
    for (IdentityField field : IdentityField.values()) {
      org.idnet.identity.v1.IdentityField proto = IdentityFieldMapping.toProto(field);
      assertThat(proto.name()).isEqualTo(field.name());
      assertThat(IdentityFieldMapping.fromProto(proto)).isEqualTo(field);
    }
    // Every value of the contract but UNSPECIFIED (and a newer contract's) is a domain field.
    assertThat(Arrays.stream(org.idnet.identity.v1.IdentityField.values())
        .filter(f -> IdentityFieldMapping.fromProto(f) != null)).hasSize(IdentityField.values().length);
  }

  @Test
  void fromProtoWhenUnspecifiedOrUnrecognizedThenNull() {
    assertThat(IdentityFieldMapping.fromProto(org.idnet.identity.v1.IdentityField.IDENTITY_FIELD_UNSPECIFIED))
        .isNull();
    assertThat(IdentityFieldMapping.fromProto(org.idnet.identity.v1.IdentityField.UNRECOGNIZED)).isNull();
  }

  @Test
  void disclosedFieldsRoundTripAndUnsetStaysUnset() {
    DisclosedFields some = new DisclosedFields("Nguyễn Văn An", null, "1990-01-02");

    IdentityFields proto = IdentityFieldMapping.toProto(some);

    assertThat(proto.hasFullName()).isTrue();
    assertThat(proto.hasNationalId()).isFalse();
    assertThat(proto.hasPhoneNumber()).isFalse();
    DisclosedFields back = IdentityFieldMapping.fromProto(proto);
    assertThat(back.fullName()).isEqualTo("Nguyễn Văn An");
    assertThat(back.nationalId()).isNull();
    assertThat(back.dateOfBirth()).isEqualTo("1990-01-02");
    assertThat(back.phoneNumber()).isNull();
    assertThat(back.phoneSource()).isNull();
    assertThat(back.phonePlatformVerifiedAt()).isNull();
  }

  @Test
  void aPhoneNumbersSourceAndThePlatformsDateRoundTrip() {
    Instant verified = Instant.parse("2025-11-20T08:00:00.654321Z");
    DisclosedFields imported = new DisclosedFields(null, null, null, "+84912345678", PhoneSource.IMPORTED, verified);
    DisclosedFields otp = new DisclosedFields(null, null, null, "+84912345679", PhoneSource.OTP, null);

    IdentityFields proto = IdentityFieldMapping.toProto(imported);

    assertThat(proto.getPhoneSource()).isEqualTo(org.idnet.identity.v1.PhoneSource.IMPORTED);
    assertThat(proto.getPhonePlatformVerifiedAt().getSeconds()).isEqualTo(verified.getEpochSecond());
    assertThat(proto.getPhonePlatformVerifiedAt().getNanos()).isEqualTo(654_321_000);
    assertThat(IdentityFieldMapping.fromProto(proto)).isEqualTo(imported);
    assertThat(IdentityFieldMapping.toProto(otp).hasPhonePlatformVerifiedAt()).isFalse();
    assertThat(IdentityFieldMapping.fromProto(IdentityFieldMapping.toProto(otp))).isEqualTo(otp);
    // A source this build does not know is stated as none, never as another.
    assertThat(IdentityFieldMapping.fromProto(proto.toBuilder().setPhoneSourceValue(7).build()).phoneSource()).isNull();
  }
}
