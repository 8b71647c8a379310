package org.idnet.identity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.idnet.identity.api.GrantSigner.grant;
import static org.idnet.identity.api.GrpcHarness.DISCLOSURE;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_A;
import static org.idnet.identity.api.GrpcHarness.errorInfo;
import static org.idnet.identity.api.GrpcHarness.unique;
import static org.idnet.identity.v1.IdentityField.DATE_OF_BIRTH;
import static org.idnet.identity.v1.IdentityField.FULL_NAME;
import static org.idnet.identity.v1.IdentityField.NATIONAL_ID;
import static org.idnet.identity.v1.IdentityField.PHONE_NUMBER;

import com.google.protobuf.Timestamp;
import com.zaxxer.hikari.HikariDataSource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.idnet.identity.TestCitizens;
import org.idnet.identity.TestDatabase;
import org.idnet.identity.store.SyntheticPopulation.Citizen;
import org.idnet.identity.v1.AddImportBatchRequest;
import org.idnet.identity.v1.CreateImportRequest;
import org.idnet.identity.v1.DisclosureGrant;
import org.idnet.identity.v1.IdentityFields;
import org.idnet.identity.v1.ImportLine;
import org.idnet.identity.v1.PhoneSource;
import org.idnet.identity.v1.ReleaseIdentityRequest;
import org.idnet.identity.v1.ReleaseIdentityResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * ReleaseIdentity with valid grants: exactly the granted fields, decrypted from the vault, once
 * per grant. The refusals are {@link GrantRefusalGrpcTest}.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReleaseIdentityGrpcTest {

  static HikariDataSource dataSource;
  static GrpcHarness grpc;
  static GrantSigner signer;
  static JdbcClient jdbc;

  @BeforeAll
  static void start() throws Exception {
    dataSource = TestDatabase.migrated("identity_release");
    Path trusted = Files.createTempDirectory("grant-keys").resolve("grant-signing-public-keyset.json");
    signer = new GrantSigner().publish(trusted);
    grpc = GrpcHarness.over(dataSource, GrpcHarness.newKeys()).grantKeys(trusted).start();
    jdbc = TestDatabase.asOwner(dataSource);
  }

  @AfterAll
  static void stop() {
    grpc.close();
    dataSource.close();
  }

  record Holder(String account, Citizen citizen, String phone) {
  }

  /** An account of platform-a with an active phone binding and a real name. */
  static Holder holder(String phone) {
    Holder holder = new Holder(unique("holder"), TestCitizens.bornIn(1980), phone);
    grpc.bind("platform-a", holder.account(), phone, unique("v"));
    grpc.registerRealName(PLATFORM_A, TestCitizens.form(holder.account(), holder.citizen()));
    return holder;
  }

  static Instant now() {
    return grpc.clock.instant();
  }

  static ReleaseIdentityResponse release(ReleaseIdentityRequest request) {
    return grpc.releases(DISCLOSURE).releaseIdentity(request);
  }

  static int uses(ReleaseIdentityRequest request) throws Exception {
    String grantId = DisclosureGrant.parseFrom(request.getGrant()).getGrantId();
    return jdbc.sql("SELECT count(*)::int FROM disclosure_grant_replay WHERE grant_id = ?::uuid").param(grantId)
        .query(Integer.class).single();
  }

  @Test
  void releaseWhenGrantValidThenExactlyTheGrantedFieldsAreReleased() {
    Holder holder = holder("+84912000601");

    ReleaseIdentityResponse some = release(signer.sign(grant("platform-a", holder.account(), now(), FULL_NAME,
        PHONE_NUMBER)));
    ReleaseIdentityResponse all = release(signer.sign(grant("platform-a", holder.account(), now(), FULL_NAME,
        DATE_OF_BIRTH, NATIONAL_ID, PHONE_NUMBER)));

    assertThat(some.getFound()).isTrue();
    assertThat(some.getFields()).isEqualTo(IdentityFields.newBuilder()
        .setFullName(holder.citizen().fullName().value()).setPhoneNumber(holder.phone())
        .setPhoneSource(PhoneSource.OTP).build());
    assertThat(all.getFields()).isEqualTo(IdentityFields.newBuilder()
        .setFullName(holder.citizen().fullName().value())
        .setNationalId(holder.citizen().nationalId().value())
        .setDateOfBirth(holder.citizen().dateOfBirth().toString())
        .setPhoneNumber(holder.phone()).setPhoneSource(PhoneSource.OTP).build());
  }

  /** Imports one line for platform-a and processes it, as the scheduled job does. */
  static void imported(String account, String phone, Instant verifiedAt) {
    String importId = grpc.imports(PLATFORM_A).createImport(CreateImportRequest.getDefaultInstance()).getImport().getId();
    grpc.imports(PLATFORM_A).addImportBatch(AddImportBatchRequest.newBuilder().setImportId(importId).setBatchNumber(1)
        .addLines(ImportLine.newBuilder().setLine(1).setAccountId(account).setPhoneNumber(phone)
            .setVerifiedAt(Timestamp.newBuilder().setSeconds(verifiedAt.getEpochSecond()).setNanos(verifiedAt.getNano())))
        .build());
    assertThat(grpc.importProcessor.run(10)).isOne();
  }

  @Test
  void releaseWhenTheNumberWasImportedThenItIsLabelledImportedWithThePlatformsDateAndAnOtpNumberOtp() {
    String importedAccount = unique("imported");
    Instant platformVerified = now().minus(Duration.ofDays(12)).truncatedTo(ChronoUnit.MICROS).plusNanos(123_000);
    imported(importedAccount, "+84912000611", platformVerified);
    String otpAccount = unique("otp");
    grpc.bind("platform-a", otpAccount, "+84912000612", unique("v"));
    String unbound = unique("name-only");
    grpc.registerRealName(PLATFORM_A, TestCitizens.form(unbound, TestCitizens.bornIn(1985)));

    ReleaseIdentityResponse importedAnswer = release(signer.sign(grant("platform-a", importedAccount, now(),
        PHONE_NUMBER)));
    ReleaseIdentityResponse otpAnswer = release(signer.sign(grant("platform-a", otpAccount, now(), PHONE_NUMBER)));
    ReleaseIdentityResponse nameOnly = release(signer.sign(grant("platform-a", unbound, now(), FULL_NAME,
        PHONE_NUMBER)));

    assertThat(importedAnswer.getFields()).isEqualTo(IdentityFields.newBuilder().setPhoneNumber("+84912000611")
        .setPhoneSource(PhoneSource.IMPORTED).setPhonePlatformVerifiedAt(Timestamp.newBuilder()
            .setSeconds(platformVerified.getEpochSecond()).setNanos(platformVerified.getNano())).build());
    assertThat(otpAnswer.getFields()).isEqualTo(IdentityFields.newBuilder().setPhoneNumber("+84912000612")
        .setPhoneSource(PhoneSource.OTP).build());
    // No number, no label.
    assertThat(nameOnly.getFields().hasPhoneSource()).isFalse();
    assertThat(nameOnly.getFields().hasPhonePlatformVerifiedAt()).isFalse();
    assertThat(nameOnly.getFields().hasFullName()).isTrue();
  }

  @Test
  void aRetryOfAnImportedNumbersReleaseGetsTheSameLabelAndAfterAnOtpThroughIdnetIsRefused() {
    String account = unique("imported");
    imported(account, "+84912000613", now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS));
    DisclosureGrant.Builder first = grant("platform-a", account, now(), PHONE_NUMBER);
    ReleaseIdentityResponse answer = release(signer.sign(first));

    // The answer was lost: a new grant for the same request reads the same number, still imported.
    assertThat(release(signer.sign(first.clone().setGrantId(UUID.randomUUID().toString())))).isEqualTo(answer);
    // The user then completes an OTP for the same number: the number is the same, its proof is not.
    grpc.bind("platform-a", account, "+84912000613", unique("v"));
    StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
        () -> release(signer.sign(first.clone().setGrantId(UUID.randomUUID().toString()))));

    assertThat(answer.getFields().getPhoneSource()).isEqualTo(PhoneSource.IMPORTED);
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(refused.getStatus().getDescription()).contains("retry-differs").doesNotContain("912000613");
  }

  @Test
  void releaseWhenNoneOfTheGrantedFieldsExistsThenNotFoundAndNothingReleased() {
    String phoneOnly = unique("phone-only");
    grpc.bind("platform-a", phoneOnly, "+84912000602", unique("v"));
    Holder holder = holder("+84912000603");

    ReleaseIdentityResponse unknown = release(signer.sign(grant("platform-a", unique("nobody"), now(), FULL_NAME,
        PHONE_NUMBER)));
    ReleaseIdentityResponse nameOfPhoneOnly = release(signer.sign(grant("platform-a", phoneOnly, now(), FULL_NAME,
        NATIONAL_ID)));
    ReleaseIdentityResponse otherPlatform = release(signer.sign(grant("platform-b", holder.account(), now(),
        FULL_NAME, PHONE_NUMBER)));
    ReleaseIdentityResponse partly = release(signer.sign(grant("platform-a", phoneOnly, now(), FULL_NAME,
        PHONE_NUMBER)));

    for (ReleaseIdentityResponse nothing : List.of(unknown, nameOfPhoneOnly, otherPlatform)) {
      assertThat(nothing.getFound()).isFalse();
      assertThat(nothing.hasFields()).isFalse();
    }
    // Some of the granted data exists: found, with only that.
    assertThat(partly.getFound()).isTrue();
    assertThat(partly.getFields()).isEqualTo(IdentityFields.newBuilder().setPhoneNumber("+84912000602")
        .setPhoneSource(PhoneSource.OTP).build());
  }

  @Test
  void releaseWhenGrantReplayedThenRefusedAndNothingReleased() throws Exception {
    Holder holder = holder("+84912000604");
    ReleaseIdentityRequest request = signer.sign(grant("platform-a", holder.account(), now(), NATIONAL_ID));
    release(request);

    StatusRuntimeException replay = catchThrowableOfType(StatusRuntimeException.class, () -> release(request));

    assertThat(replay.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(errorInfo(replay).getReason()).isEqualTo("grant-refused");
    assertThat(replay.getStatus().getDescription()).contains("(replayed)")
        .doesNotContain(holder.citizen().nationalId().value());
    assertThat(uses(request)).isOne();
  }

  @Test
  void releaseWhenTheSameGrantArrivesTwiceAtOnceThenExactlyOneIsServed() throws Exception {
    Holder holder = holder("+84912000605");
    ReleaseIdentityRequest request = signer.sign(grant("platform-a", holder.account(), now(), FULL_NAME));

    List<Object> outcomes = GrpcParallel.run(4, () -> release(request));

    assertThat(outcomes).filteredOn(ReleaseIdentityResponse.class::isInstance).hasSize(1);
    assertThat(outcomes).filteredOn(StatusRuntimeException.class::isInstance).hasSize(3)
        .allSatisfy(e -> assertThat(((StatusRuntimeException) e).getStatus().getDescription()).contains("replayed"));
  }

  @Test
  void releaseWhenTheVaultReadFailsThenTheGrantStaysUnused() throws Exception {
    Holder holder = holder("+84912000606");
    jdbc.sql("""
            UPDATE persons SET full_name_ciphertext = national_id_swap.c FROM (SELECT p.id, p.citizen_id_ciphertext c
            FROM persons p JOIN person_bindings pb ON pb.person = p.id JOIN accounts a ON a.id = pb.account
            WHERE a.account_blind_index = ?) national_id_swap WHERE persons.id = national_id_swap.id""")
        .param(grpc.index("platform-a", holder.account())).update();
    ReleaseIdentityRequest request = signer.sign(grant("platform-a", holder.account(), now(), FULL_NAME));

    StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, () -> release(request));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    // The use was recorded in the read's transaction, which rolled back with it.
    assertThat(uses(request)).isZero();
  }

  @Test
  void noLogLineShowsAReleasedValue(CapturedOutput output) {
    Holder holder = holder("+84912000607");

    release(signer.sign(grant("platform-a", holder.account(), now(), FULL_NAME, DATE_OF_BIRTH, NATIONAL_ID,
        PHONE_NUMBER)));

    assertThat(output.getAll()).contains("ReleaseIdentity by disclosure-service: grant accepted, found=true");
    for (String secret : PersonalDataLeakTest.secrets(holder.citizen())) {
      assertThat(output.getAll()).doesNotContainIgnoringCase(secret);
    }
    assertThat(output.getAll()).doesNotContain("912000607");
  }
}
