package org.idnet.disclosure.requests.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.idnet.disclosure.release.domain.IdentityField.DATE_OF_BIRTH;
import static org.idnet.disclosure.release.domain.IdentityField.FULL_NAME;
import static org.idnet.disclosure.release.domain.IdentityField.NATIONAL_ID;
import static org.idnet.disclosure.release.domain.IdentityField.PHONE_NUMBER;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.idnet.disclosure.release.domain.IdentityField;
import org.idnet.disclosure.requests.Catalogues;
import org.junit.jupiter.api.Test;

/** api.md's input rules, one by one: each bad value is refused naming its field and reason. */
class RequestValidationTest {

  static final Instant NOW = Instant.parse("2026-05-04T03:02:01Z");

  static NewRequest valid() {
    return new NewRequest(new RequestTarget("platform-a", "user.42@x:y_z-1"), Catalogues.DECREE147_ART27,
        "HS-2026/0042", List.of(FULL_NAME, PHONE_NUMBER), "Line one\nline two", false, null);
  }

  static NewRequest with(UnaryOperator<NewRequestBuilder> change) {
    return change.apply(new NewRequestBuilder(valid())).build();
  }

  static DisclosureException refused(NewRequest request) {
    return catchThrowableOfType(DisclosureException.class,
        () -> RequestValidation.validate(request, Catalogues.SANDBOX, NOW));
  }

  static void assertInvalid(NewRequest request, String field) {
    DisclosureException e = refused(request);
    assertThat(e).as(field).isNotNull();
    assertThat(e.refusal()).as(field).isEqualTo(Refusal.INVALID_REQUEST);
    assertThat(e.field()).contains(field);
  }

  @Test
  void validateWhenWellFormedWithinBasisThenAccepted() {
    assertThat(refused(valid())).isNull();
  }

  @Test
  void validateWhenIdentifiersMalformedThenInvalidNamingTarget() {
    assertInvalid(with(b -> b.account("")), "target.accountId");
    assertInvalid(with(b -> b.account("a".repeat(129))), "target.accountId");
    assertInvalid(with(b -> b.account("with space")), "target.accountId");
    assertInvalid(with(b -> b.account("tên")), "target.accountId");
    assertInvalid(with(b -> b.platform("")), "target.platformId");
    assertInvalid(with(b -> b.platform("platform a")), "target.platformId");
    assertInvalid(with(b -> b.platform("nền-tảng")), "target.platformId");
    assertInvalid(with(b -> b.platform("p".repeat(129))), "target.platformId");
    // identity-service's rule for a platform id: any visible ASCII, as Keycloak client ids may be.
    assertThat(refused(with(b -> b.platform("a/b|c\"d")))).isNull();
    assertThat(refused(with(b -> b.account("a".repeat(128))))).isNull();
  }

  @Test
  void validateWhenTextsEmptyTooLongOrWithControlsThenInvalidNamingField() {
    assertInvalid(with(b -> b.caseReference("")), "caseReference");
    assertInvalid(with(b -> b.caseReference("x".repeat(101))), "caseReference");
    assertInvalid(with(b -> b.caseReference("HS\n42")), "caseReference");
    assertInvalid(with(b -> b.justification(" ")), "justification");
    assertInvalid(with(b -> b.justification("x".repeat(2001))), "justification");
    assertInvalid(with(b -> b.justification("bell\u0007")), "justification");
    assertThat(refused(with(b -> b.caseReference("Vụ án số 42/2026")))).isNull();
    assertThat(refused(with(b -> b.justification("đ".repeat(2000))))).isNull();
  }

  @Test
  void validateWhenFieldsEmptyDuplicatedOrUnknownThenInvalidFields() {
    assertInvalid(with(b -> b.fields()), "fields");
    assertInvalid(with(b -> b.fields(FULL_NAME, FULL_NAME)), "fields");
    assertInvalid(with(b -> b.fields(FULL_NAME, null)), "fields");
  }

  @Test
  void validateWhenLegalBasisMissingThenInvalidAndWhenUnknownThenUnknownLegalBasis() {
    assertInvalid(with(b -> b.basis("")), "legalBasis");
    assertThat(refused(with(b -> b.basis("VN-NO-SUCH-LAW"))).refusal()).isEqualTo(Refusal.UNKNOWN_LEGAL_BASIS);
  }

  @Test
  void validateWhenFieldsBeyondBasisThenFieldsNotPermitted() {
    DisclosureException e = refused(with(b -> b.fields(FULL_NAME, NATIONAL_ID)));
    assertThat(e.refusal()).isEqualTo(Refusal.FIELDS_NOT_PERMITTED);
    assertThat(e.getMessage()).contains("NATIONAL_ID").doesNotContain("FULL_NAME");
    assertThat(refused(with(b -> b.basis(Catalogues.CPC_ART88)
        .fields(FULL_NAME, DATE_OF_BIRTH, NATIONAL_ID, PHONE_NUMBER)))).isNull();
  }

  @Test
  void validateWhenEmergencyUnderBasisWithoutEmergenciesThenEmergencyNotPermitted() {
    assertThat(refused(with(b -> b.emergency(true))).refusal()).isEqualTo(Refusal.EMERGENCY_NOT_PERMITTED);
    assertThat(refused(with(b -> b.basis(Catalogues.CYBERSEC_ART26).emergency(true)))).isNull();
  }

  @Test
  void validateWhenConfidentialUntilNotInTheFutureThenInvalid() {
    assertInvalid(with(b -> b.confidentialUntil(NOW)), "confidentialUntil");
    assertInvalid(with(b -> b.confidentialUntil(NOW.minusSeconds(1))), "confidentialUntil");
    assertThat(refused(with(b -> b.confidentialUntil(NOW.plusSeconds(1))))).isNull();
  }

  @Test
  void requestIdWhenNotACanonicalUuidThenNotFoundLikeAnUnknownId() {
    for (String id : new String[] {"", "42", "not-a-uuid", "0-0-0-0-0"}) {
      assertThat(catchThrowableOfType(DisclosureException.class, () -> RequestValidation.requestId(id)).refusal())
          .isEqualTo(Refusal.NOT_FOUND);
    }
  }

  /** Changes one part of a valid request. */
  static final class NewRequestBuilder {
    private NewRequest r;

    NewRequestBuilder(NewRequest r) {
      this.r = r;
    }

    NewRequestBuilder account(String v) {
      r = new NewRequest(new RequestTarget(r.target().platformId(), v), r.legalBasis(), r.caseReference(),
          r.fields(), r.justification(), r.emergency(), r.confidentialUntil());
      return this;
    }

    NewRequestBuilder platform(String v) {
      r = new NewRequest(new RequestTarget(v, r.target().accountId()), r.legalBasis(), r.caseReference(),
          r.fields(), r.justification(), r.emergency(), r.confidentialUntil());
      return this;
    }

    NewRequestBuilder basis(String v) {
      r = new NewRequest(r.target(), v, r.caseReference(), r.fields(), r.justification(), r.emergency(),
          r.confidentialUntil());
      return this;
    }

    NewRequestBuilder caseReference(String v) {
      r = new NewRequest(r.target(), r.legalBasis(), v, r.fields(), r.justification(), r.emergency(),
          r.confidentialUntil());
      return this;
    }

    NewRequestBuilder justification(String v) {
      r = new NewRequest(r.target(), r.legalBasis(), r.caseReference(), r.fields(), v, r.emergency(),
          r.confidentialUntil());
      return this;
    }

    NewRequestBuilder fields(IdentityField... v) {
      r = new NewRequest(r.target(), r.legalBasis(), r.caseReference(), Arrays.asList(v), r.justification(),
          r.emergency(), r.confidentialUntil());
      return this;
    }

    NewRequestBuilder emergency(boolean v) {
      r = new NewRequest(r.target(), r.legalBasis(), r.caseReference(), r.fields(), r.justification(), v,
          r.confidentialUntil());
      return this;
    }

    NewRequestBuilder confidentialUntil(Instant v) {
      r = new NewRequest(r.target(), r.legalBasis(), r.caseReference(), r.fields(), r.justification(),
          r.emergency(), v);
      return this;
    }

    NewRequest build() {
      return r;
    }
  }
}
