package org.idnet.disclosure.requests.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.disclosure.requests.Messages.create;
import static org.idnet.disclosure.requests.Messages.refusal;
import static org.idnet.identity.v1.IdentityField.DATE_OF_BIRTH;
import static org.idnet.identity.v1.IdentityField.FULL_NAME;
import static org.idnet.identity.v1.IdentityField.PHONE_NUMBER;

import com.google.protobuf.Timestamp;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import org.idnet.caller.Caller;
import org.idnet.disclosure.requests.Agency;
import org.idnet.disclosure.requests.Catalogues;
import org.idnet.disclosure.requests.FakeIdentityService;
import org.idnet.disclosure.requests.Messages.Refusal;
import org.idnet.disclosure.requests.RequestsHarness;
import org.idnet.disclosure.v1.ApproveDisclosureRequestRequest;
import org.idnet.disclosure.v1.DisclosurePackage;
import org.idnet.disclosure.v1.DisclosureRequest;
import org.idnet.disclosure.v1.GetDisclosurePackageRequest;
import org.idnet.identity.v1.IdentityFields;
import org.idnet.identity.v1.PhoneSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package: only for the requesting agency's officers, only once disclosed, gone at expiry, every read audited. */
class PackageGrpcTest {

  static RequestsHarness harness;

  @BeforeAll
  static void start() {
    harness = RequestsHarness.start();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  static DisclosureRequest filed(Agency agency) {
    return harness.requests(agency.officer1()).createDisclosureRequest(
        create(Catalogues.DECREE147_ART27, FULL_NAME, DATE_OF_BIRTH, PHONE_NUMBER).build());
  }

  static DisclosureRequest approved(Agency agency, DisclosureRequest request) {
    return harness.approve(agency.supervisor1(), ApproveDisclosureRequestRequest.newBuilder().setId(request.getId()).build());
  }

  static DisclosurePackage read(Caller officer, String id) {
    return harness.requests(officer).getDisclosurePackage(GetDisclosurePackageRequest.newBuilder().setId(id).build());
  }

  @Test
  void packageWhenDisclosedThenExactlyTheRequestedFieldsForAnyOfficerOfTheAgencyEachReadAudited() {
    Agency agency = Agency.fresh();
    DisclosureRequest disclosed = approved(agency, filed(agency));

    DisclosurePackage p = read(agency.officer2(), disclosed.getId());
    read(agency.officer1(), disclosed.getId());

    assertThat(p.getRequestId()).isEqualTo(disclosed.getId());
    assertThat(p.getFields().getFullName()).isEqualTo(FakeIdentityService.PERSON.fullName());
    assertThat(p.getFields().getDateOfBirth()).isEqualTo(FakeIdentityService.PERSON.dateOfBirth());
    assertThat(p.getFields().getPhoneNumber()).isEqualTo(FakeIdentityService.PERSON.phoneNumber());
    assertThat(p.getFields().getPhoneSource()).isEqualTo(PhoneSource.OTP);
    assertThat(p.getFields().hasPhonePlatformVerifiedAt()).isFalse();
    assertThat(p.getFields().hasNationalId()).isFalse();
    assertThat(p.getDisclosedAt()).isEqualTo(disclosed.getDisclosedAt());
    assertThat(p.getExpiresAt()).isEqualTo(disclosed.getPackageExpiresAt());
    assertThat(harness.audited("PACKAGE_RETRIEVED", disclosed.getId())).isEqualTo(2);
  }

  @Test
  void packageWhenThePhoneWasImportedThenItSaysImportedWithThePlatformsDateSealedLikeTheOtherFields() {
    Agency agency = Agency.fresh();
    Instant platformVerified = Instant.parse("2025-11-20T08:00:00.654321Z");
    Timestamp verifiedAt = Timestamp.newBuilder().setSeconds(platformVerified.getEpochSecond())
        .setNanos(platformVerified.getNano()).build();
    DisclosureRequest disclosed;
    harness.identity.phoneImported(platformVerified);
    try {
      disclosed = approved(agency, filed(agency));
    } finally {
      harness.identity.phoneImported(null);
    }

    DisclosurePackage p = read(agency.officer1(), disclosed.getId());

    assertThat(p.getFields().getPhoneNumber()).isEqualTo(FakeIdentityService.PERSON.phoneNumber());
    assertThat(p.getFields().getPhoneSource()).isEqualTo(PhoneSource.IMPORTED);
    assertThat(p.getFields().getPhonePlatformVerifiedAt()).isEqualTo(verifiedAt);
    // Stored inside the package's ciphertext, not beside it: neither the label nor the date in clear.
    byte[] sealed = harness.owner.queryForObject("SELECT sealed FROM disclosure_packages WHERE request_id = ?::uuid",
        byte[].class, disclosed.getId());
    byte[] label = IdentityFields.newBuilder().setPhoneSource(PhoneSource.IMPORTED)
        .setPhonePlatformVerifiedAt(verifiedAt).build().toByteArray();
    assertThat(indexOf(sealed, label)).isEqualTo(-1);
    assertThat(indexOf(sealed, verifiedAt.toByteArray())).isEqualTo(-1);
    assertThat(harness.owner.queryForObject("""
            SELECT count(*) FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = 'disclosure_packages'
            AND column_name NOT IN ('request_id', 'sealed', 'disclosed_at', 'expires_at')""", Integer.class)).isZero();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void packageWhenNotYetDisclosedThenRequestNotDisclosed() {
    Agency agency = Agency.fresh();
    DisclosureRequest waiting = filed(agency);
    Refusal refusal = refusal(() -> read(agency.officer1(), waiting.getId()));
    assertThat(refusal.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(refusal.reason()).isEqualTo("request-not-disclosed");
    assertThat(harness.audited("PACKAGE_RETRIEVED", waiting.getId())).isZero();
  }

  @Test
  void packageWhenOfficerOfAnotherAgencyThenNotFoundAndNothingAudited() {
    Agency agency = Agency.fresh();
    DisclosureRequest disclosed = approved(agency, filed(agency));
    Refusal refusal = refusal(() -> read(Agency.fresh().officer1(), disclosed.getId()));
    assertThat(refusal.code()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(refusal.reason()).isEqualTo("not-found");
    assertThat(harness.audited("PACKAGE_RETRIEVED", disclosed.getId())).isZero();
  }

  @Test
  void packageWhenSupervisorThenPermissionDeniedByTheContractPolicy() {
    Agency agency = Agency.fresh();
    DisclosureRequest disclosed = approved(agency, filed(agency));
    assertThat(refusal(() -> read(agency.supervisor1(), disclosed.getId())).code())
        .isEqualTo(Status.Code.PERMISSION_DENIED);
  }

  @Test
  void packageWhenExpiredThenPackageExpiredAndTheJobDeletesItOnceAudited() {
    Agency agency = Agency.fresh();
    DisclosureRequest disclosed = approved(agency, filed(agency));
    harness.clock.advance(Duration.ofDays(7));

    Refusal beforeSweep = refusal(() -> read(agency.officer1(), disclosed.getId()));
    assertThat(beforeSweep.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(beforeSweep.reason()).isEqualTo("package-expired");

    assertThat(harness.packageSweeper.sweep(10)).isGreaterThanOrEqualTo(1);
    assertThat(harness.packageSweeper.sweep(10)).isZero();
    assertThat(harness.owner.queryForObject("SELECT count(*) FROM disclosure_packages WHERE request_id = ?::uuid",
        Integer.class, disclosed.getId())).isZero();
    assertThat(harness.audited("PACKAGE_DELETED", disclosed.getId())).isEqualTo(1);
    assertThat(refusal(() -> read(agency.officer1(), disclosed.getId())).reason()).isEqualTo("package-expired");
  }

  @Test
  void packageWhenStoredThenOnlyCiphertextBoundToItsRequest() {
    Agency agency = Agency.fresh();
    DisclosureRequest first = approved(agency, filed(agency));
    DisclosureRequest second = approved(agency, filed(agency));
    byte[] sealed = harness.owner.queryForObject("SELECT sealed FROM disclosure_packages WHERE request_id = ?::uuid",
        byte[].class, first.getId());
    String raw = new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(raw).doesNotContain("+84912345678").doesNotContain("1990-04-12");
    assertThat(new String(sealed, java.nio.charset.StandardCharsets.UTF_8))
        .doesNotContain(FakeIdentityService.PERSON.fullName());

    // Moved to another request's row, a package does not open: the read fails and is not audited.
    harness.owner.update("UPDATE disclosure_packages SET sealed = ? WHERE request_id = ?::uuid", sealed,
        second.getId());
    assertThat(refusal(() -> read(agency.officer1(), second.getId())).code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(harness.audited("PACKAGE_RETRIEVED", second.getId())).isZero();
  }
}
