package org.idnet.identity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_A;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_B;
import static org.idnet.identity.api.GrpcHarness.WEB;
import static org.idnet.identity.api.GrpcHarness.errorInfo;
import static org.idnet.identity.api.GrpcHarness.unique;

import com.zaxxer.hikari.HikariDataSource;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.idnet.caller.Caller;
import org.idnet.identity.TestCitizens;
import org.idnet.identity.TestDatabase;
import org.idnet.identity.domain.RealNameForm;
import org.idnet.identity.v1.CancelHostedSessionRequest;
import org.idnet.identity.v1.CompleteHostedSessionRequest;
import org.idnet.identity.v1.CompleteHostedSessionResponse;
import org.idnet.identity.v1.CreateVerificationSessionRequest;
import org.idnet.identity.v1.CreateVerificationSessionResponse;
import org.idnet.identity.v1.GetHostedSessionRequest;
import org.idnet.identity.v1.HostedSession;
import org.idnet.identity.v1.OpenHostedSessionRequest;
import org.idnet.identity.v1.OpenHostedSessionResponse;
import org.idnet.identity.v1.RedeemVerificationResultRequest;
import org.idnet.identity.v1.RedeemVerificationResultResponse;
import org.idnet.identity.v1.RegisterReturnUrlRequest;
import org.idnet.identity.v1.ResolveHostedSessionRequest;
import org.idnet.identity.v1.ResolveHostedSessionResponse;
import org.idnet.identity.v1.VerificationLevel;
import org.idnet.identity.v1.VerificationOutcome;
import org.idnet.identity.v1.VerificationSessionServiceGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Verification sessions behind the production interceptors on real PostgreSQL (docs/pages.md
 * section 3): created by a platform for a registered return URL, opened once by idnet's pages,
 * resolved for the gateway, ended with a one-time result reference that only the creating platform
 * redeems, once; a session's real-name step limited to its account and to 3 refused submissions.
 */
class VerificationSessionGrpcTest {

  static final String RETURN = "https://platform-a.example.vn/return";
  static HikariDataSource dataSource;
  static GrpcHarness grpc;

  @BeforeAll
  static void start() throws Exception {
    dataSource = TestDatabase.migrated("identity_verification_sessions");
    grpc = GrpcHarness.over(dataSource, GrpcHarness.newKeys()).start();
    grpc.verificationSessions(PLATFORM_A).registerReturnUrl(RegisterReturnUrlRequest.newBuilder().setUrl(RETURN).build());
  }

  @AfterAll
  static void stop() {
    grpc.close();
    dataSource.close();
  }

  @BeforeEach
  void now() {
    grpc.clock.set(GrpcHarness.NOW);
  }

  static CreateVerificationSessionRequest.Builder request(String account, VerificationLevel level) {
    return CreateVerificationSessionRequest.newBuilder().setAccountId(account).setReturnUrl(RETURN)
        .setState("st-" + unique("s").substring(0, 20)).setLevel(level).setAccountLabel("@" + account.substring(0, 8));
  }

  static CreateVerificationSessionResponse create(CreateVerificationSessionRequest request) {
    return grpc.verificationSessions(PLATFORM_A).createVerificationSession(request);
  }

  static String launchToken(CreateVerificationSessionResponse created) {
    assertThat(created.getUrl()).startsWith(GrpcHarness.PAGES_URL + "/verify/");
    return created.getUrl().substring((GrpcHarness.PAGES_URL + "/verify/").length());
  }

  static OpenHostedSessionResponse open(CreateVerificationSessionResponse created) {
    return grpc.hostedSessions(WEB, null).openHostedSession(
        OpenHostedSessionRequest.newBuilder().setLaunchToken(launchToken(created)).build());
  }

  static String header(OpenHostedSessionResponse opened) {
    return opened.getSessionId() + "." + opened.getSessionSecret();
  }

  static Caller sessionCaller(OpenHostedSessionResponse opened, List<String> scope) {
    return new Caller("hosted-session:" + opened.getSessionId(), opened.getPlatformId(), "", Set.of("platform"),
        opened.getSessionId(), scope);
  }

  static Status.Code code(Runnable call) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
    assertThat(e).as("refused").isNotNull();
    return e.getStatus().getCode();
  }

  static String reason(Runnable call) throws Exception {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
    assertThat(e).as("refused").isNotNull();
    return e.getStatus().getCode() + " " + errorInfo(e).getReason();
  }

  static java.util.Map<String, String> query(String url) {
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    for (String pair : URI.create(url).getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      out.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return out;
  }

  @Test
  void aPhoneSessionFromCreationToTheRedeemedResult() throws Exception {
    String account = unique("phoneuser");
    CreateVerificationSessionRequest request = request(account, VerificationLevel.PHONE).setLocale("en").build();
    CreateVerificationSessionResponse created = create(request);
    assertThat(created.getId()).matches("vs_[A-Za-z0-9_-]{22}");
    assertThat(created.getExpiresAt().getSeconds() - created.getLaunchExpiresAt().getSeconds()).isEqualTo(20 * 60);

    OpenHostedSessionResponse opened = open(created);
    assertThat(opened.getSessionId()).isEqualTo(created.getId());
    assertThat(opened.getSessionSecret()).matches("[A-Za-z0-9_-]{43}");
    assertThat(opened.getPlatformId()).isEqualTo("platform-a");
    assertThat(opened.getAccountLabel()).isEqualTo(request.getAccountLabel());
    assertThat(opened.getLocale()).isEqualTo("en");
    assertThat(opened.getReturnOrigin()).isEqualTo("https://platform-a.example.vn");
    assertThat(opened.getAccountId()).as("the pages send it in the steps").isEqualTo(account);
    assertThat(opened.getGuardianAccountId()).isEmpty();
    assertThat(reason(() -> open(created))).as("the launch token is single use").isEqualTo("NOT_FOUND hosted-session-not-found");

    ResolveHostedSessionResponse resolved = grpc.resolver().resolveHostedSession(ResolveHostedSessionRequest.newBuilder()
        .setSessionId(opened.getSessionId()).setSessionSecret(opened.getSessionSecret()).build());
    assertThat(resolved.getPlatformId()).isEqualTo("platform-a");
    assertThat(resolved.getAccountScopeList()).containsExactly(account);

    HostedSession before = grpc.hostedSessions(WEB, header(opened)).getHostedSession(
        GetHostedSessionRequest.newBuilder().setSessionId(opened.getSessionId()).build()).getSession();
    assertThat(before.getLevelReached()).isEqualTo(VerificationLevel.NONE);
    assertThat(before.getRealNameAttemptsLeft()).isEqualTo(3);
    assertThat(reason(() -> grpc.hostedSessions(WEB, header(opened)).completeHostedSession(
        CompleteHostedSessionRequest.newBuilder().setSessionId(opened.getSessionId()).build())))
        .isEqualTo("FAILED_PRECONDITION level-not-reached");

    // The phone step (phone-otp binds the number it verified).
    grpc.bind("platform-a", account, "+84912" + String.format("%06d", Math.floorMod(account.hashCode(), 1_000_000)),
        unique("ver"));
    CompleteHostedSessionResponse done = grpc.hostedSessions(WEB, header(opened)).completeHostedSession(
        CompleteHostedSessionRequest.newBuilder().setSessionId(opened.getSessionId()).build());
    assertThat(done.getOutcome()).isEqualTo(VerificationOutcome.COMPLETED);
    assertThat(done.getRedirectUrl()).startsWith(RETURN + "?result=");
    String result = query(done.getRedirectUrl()).get("result");
    assertThat(query(done.getRedirectUrl()).get("state")).isEqualTo(request.getState());
    assertThat(reason(() -> grpc.hostedSessions(WEB, header(opened)).completeHostedSession(
        CompleteHostedSessionRequest.newBuilder().setSessionId(opened.getSessionId()).build())))
        .isEqualTo("FAILED_PRECONDITION session-finished");
    assertThat(reason(() -> grpc.resolver().resolveHostedSession(ResolveHostedSessionRequest.newBuilder()
        .setSessionId(opened.getSessionId()).setSessionSecret(opened.getSessionSecret()).build())))
        .as("a finished session acts no more").isEqualTo("NOT_FOUND hosted-session-not-found");

    RedeemVerificationResultRequest redeem = RedeemVerificationResultRequest.newBuilder().setResult(result).build();
    assertThat(reason(() -> grpc.verificationSessions(PLATFORM_B).redeemVerificationResult(redeem)))
        .as("another platform").isEqualTo("NOT_FOUND result-not-found");
    RedeemVerificationResultResponse redeemed = grpc.verificationSessions(PLATFORM_A).redeemVerificationResult(redeem);
    assertThat(redeemed.getSessionId()).isEqualTo(created.getId());
    assertThat(redeemed.getAccountId()).isEqualTo(account);
    assertThat(redeemed.getState()).isEqualTo(request.getState());
    assertThat(redeemed.getOutcome()).isEqualTo(VerificationOutcome.COMPLETED);
    assertThat(redeemed.getLevelAsked()).isEqualTo(VerificationLevel.PHONE);
    assertThat(redeemed.getVerification().getLevel()).isEqualTo(VerificationLevel.PHONE);
    assertThat(reason(() -> grpc.verificationSessions(PLATFORM_A).redeemVerificationResult(redeem)))
        .as("once").isEqualTo("NOT_FOUND result-not-found");
  }

  @Test
  void theReturnUrlMustBeARegisteredOneByteForByte() throws Exception {
    for (String near : List.of(RETURN + "/", "https://PLATFORM-A.example.vn/return", RETURN + "?x=1")) {
      assertThat(reason(() -> create(request(unique("acct"), VerificationLevel.PHONE).setReturnUrl(near).build())))
          .as(near).isEqualTo("FAILED_PRECONDITION return-url-not-registered");
    }
    assertThat(reason(() -> grpc.verificationSessions(PLATFORM_B).createVerificationSession(
        request(unique("acct"), VerificationLevel.PHONE).build()))).as("platform-a's URL is not platform-b's")
        .isEqualTo("FAILED_PRECONDITION return-url-not-registered");
  }

  /**
   * Review fix: a return URL the service cannot read (kept before the rule was strict) is refused
   * when a session is created, and when one is opened the opening is refused before the launch
   * token is spent (it used to be spent, then INTERNAL).
   */
  @Test
  void aKeptReturnUrlTheServiceCannotReadNeitherCreatesNorOpensASessionAndSpendsNoLaunchToken() throws Exception {
    String legacy = "https://platform-a.example.vn/x|y";
    org.springframework.jdbc.core.simple.JdbcClient owner = TestDatabase.asOwner(dataSource);
    owner.sql("INSERT INTO return_urls (id, platform_id, url, created_at) VALUES (?, 'platform-a', ?, now())")
        .param(java.util.UUID.randomUUID()).param(legacy).update();
    assertThat(reason(() -> create(request(unique("acct"), VerificationLevel.PHONE).setReturnUrl(legacy).build())))
        .isEqualTo("INVALID_ARGUMENT invalid-return-url");

    CreateVerificationSessionResponse created = create(request(unique("acct"), VerificationLevel.PHONE).build());
    java.util.UUID id = uuid(created.getId());
    owner.sql("UPDATE verification_sessions SET return_url = ? WHERE id = ?").param(legacy).param(id).update();
    assertThat(reason(() -> open(created))).isEqualTo("INVALID_ARGUMENT invalid-return-url");
    assertThat(jdbc().sql("SELECT status FROM verification_sessions WHERE id = ? AND launch_hash IS NOT NULL")
        .param(id).query(String.class).optional()).as("the launch token is not spent").contains("CREATED");
    owner.sql("UPDATE verification_sessions SET return_url = ? WHERE id = ?").param(RETURN).param(id).update();
    assertThat(open(created).getReturnOrigin()).isEqualTo("https://platform-a.example.vn");
  }

  @Test
  void malformedRequestsAreRefusedField() throws Exception {
    assertThat(reason(() -> create(request(unique("acct"), VerificationLevel.PHONE).setState("short").build())))
        .isEqualTo("INVALID_ARGUMENT invalid-state");
    assertThat(reason(() -> create(request(unique("acct"), VerificationLevel.NONE).build())))
        .isEqualTo("INVALID_ARGUMENT invalid-level");
    assertThat(reason(() -> create(request(unique("acct"), VerificationLevel.PHONE).setLocale("fr").build())))
        .isEqualTo("INVALID_ARGUMENT invalid-locale");
    assertThat(reason(() -> create(request(unique("acct"), VerificationLevel.PHONE)
        .setAccountLabel("@alice\u202Eecila").build()))).as("a label that disguises itself")
        .isEqualTo("INVALID_ARGUMENT invalid-account-label");
  }

  @Test
  void onlyTheRightSecretOfTheSameSessionOpensItsMethods() throws Exception {
    OpenHostedSessionResponse one = open(create(request(unique("acct"), VerificationLevel.PHONE).build()));
    OpenHostedSessionResponse two = open(create(request(unique("acct"), VerificationLevel.PHONE).build()));
    GetHostedSessionRequest getOne = GetHostedSessionRequest.newBuilder().setSessionId(one.getSessionId()).build();
    for (String bad : new String[] {null, one.getSessionId() + "." + two.getSessionSecret(), header(two),
        one.getSessionId() + "." + one.getSessionSecret().substring(1) + "A", one.getSessionSecret()}) {
      assertThat(reason(() -> grpc.hostedSessions(WEB, bad).getHostedSession(getOne))).as(String.valueOf(bad))
          .isEqualTo("NOT_FOUND hosted-session-not-found");
    }
    assertThat(grpc.hostedSessions(WEB, header(one)).getHostedSession(getOne).getSession().getId())
        .isEqualTo(one.getSessionId());
    assertThat(reason(() -> grpc.resolver().resolveHostedSession(ResolveHostedSessionRequest.newBuilder()
        .setSessionId(one.getSessionId()).setSessionSecret(two.getSessionSecret()).build())))
        .isEqualTo("NOT_FOUND hosted-session-not-found");
    // Roles: a platform does not open sessions, the web does not create them.
    assertThat(code(() -> grpc.hostedSessions(PLATFORM_A, null).openHostedSession(
        OpenHostedSessionRequest.newBuilder().setLaunchToken("A".repeat(43)).build()))).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(code(() -> grpc.verificationSessions(WEB).createVerificationSession(
        request(unique("acct"), VerificationLevel.PHONE).build()))).isEqualTo(Status.Code.PERMISSION_DENIED);
  }

  @Test
  void theLaunchAddressLastsTenMinutesAndTheSessionThirty() throws Exception {
    CreateVerificationSessionResponse late = create(request(unique("acct"), VerificationLevel.PHONE).build());
    OpenHostedSessionResponse opened = open(create(request(unique("acct"), VerificationLevel.PHONE).build()));
    grpc.clock.advance(Duration.ofMinutes(10));
    assertThat(reason(() -> open(late))).isEqualTo("NOT_FOUND hosted-session-not-found");
    grpc.clock.advance(Duration.ofMinutes(20));
    assertThat(reason(() -> grpc.resolver().resolveHostedSession(ResolveHostedSessionRequest.newBuilder()
        .setSessionId(opened.getSessionId()).setSessionSecret(opened.getSessionSecret()).build())))
        .isEqualTo("NOT_FOUND hosted-session-not-found");
    // Coming back after the 30 minutes still returns to the platform, with EXPIRED.
    var back = grpc.hostedSessions(WEB, header(opened)).cancelHostedSession(
        CancelHostedSessionRequest.newBuilder().setSessionId(opened.getSessionId()).build());
    assertThat(back.getOutcome()).isEqualTo(VerificationOutcome.EXPIRED);
  }

  @Test
  void cancellingSaysCancelledOrAttemptsExhaustedAndNothingElse() throws Exception {
    OpenHostedSessionResponse opened = open(create(request(unique("acct"), VerificationLevel.REAL_NAME).build()));
    assertThat(reason(() -> grpc.hostedSessions(WEB, header(opened)).cancelHostedSession(CancelHostedSessionRequest
        .newBuilder().setSessionId(opened.getSessionId()).setReason(VerificationOutcome.COMPLETED).build())))
        .isEqualTo("INVALID_ARGUMENT invalid-outcome");
    var cancelled = grpc.hostedSessions(WEB, header(opened)).cancelHostedSession(
        CancelHostedSessionRequest.newBuilder().setSessionId(opened.getSessionId()).build());
    assertThat(cancelled.getOutcome()).isEqualTo(VerificationOutcome.CANCELLED);
    String result = query(cancelled.getRedirectUrl()).get("result");
    assertThat(grpc.verificationSessions(PLATFORM_A).redeemVerificationResult(RedeemVerificationResultRequest
        .newBuilder().setResult(result).build()).getOutcome()).isEqualTo(VerificationOutcome.CANCELLED);
  }

  @Test
  void theResultReferenceLastsFiveMinutes() throws Exception {
    OpenHostedSessionResponse opened = open(create(request(unique("acct"), VerificationLevel.REAL_NAME).build()));
    String result = query(grpc.hostedSessions(WEB, header(opened)).cancelHostedSession(
        CancelHostedSessionRequest.newBuilder().setSessionId(opened.getSessionId()).build()).getRedirectUrl()).get("result");
    grpc.clock.advance(Duration.ofMinutes(5));
    assertThat(reason(() -> grpc.verificationSessions(PLATFORM_A).redeemVerificationResult(
        RedeemVerificationResultRequest.newBuilder().setResult(result).build()))).isEqualTo("NOT_FOUND result-not-found");
  }

  @Test
  void aSessionRegistersTheRealNameOfItsOwnAccountOnlyAndThreeRefusedSubmissionsAtMost() throws Exception {
    String account = unique("rn");
    String other = unique("rnother");
    OpenHostedSessionResponse opened = open(create(request(account, VerificationLevel.REAL_NAME).build()));
    Caller session = sessionCaller(opened, List.of(account));
    var citizen = TestCitizens.bornIn(1990);
    assertThat(reason(() -> grpc.registerRealName(session, TestCitizens.form(other, citizen))))
        .as("another account of the platform").isEqualTo("NOT_FOUND account-not-found");
    assertThat(reason(() -> grpc.registerRealName(session, TestCitizens.form(account, citizen, other))))
        .as("a guardian the session did not name").isEqualTo("NOT_FOUND account-not-found");
    assertThat(code(() -> grpc.checks(session).checkAccount(org.idnet.identity.v1.CheckAccountRequest.newBuilder()
        .setAccountId(account).build()))).as("a method without hosted").isEqualTo(Status.Code.PERMISSION_DENIED);

    RealNameForm wrong = new RealNameForm(account, "Nguyen Van Sai", citizen.nationalId().value(),
        citizen.dateOfBirth().toString(), null);
    for (int i = 0; i < 3; i++) {
      assertThat(reason(() -> grpc.registerRealName(session, wrong))).isEqualTo("FAILED_PRECONDITION identity-not-confirmed");
    }
    assertThat(reason(() -> grpc.registerRealName(session, TestCitizens.form(account, citizen))))
        .as("the fourth, even right").isEqualTo("RESOURCE_EXHAUSTED session-limit-reached");
    assertThat(grpc.check(PLATFORM_A, account).getLevel()).isEqualTo(VerificationLevel.NONE);
    CompleteHostedSessionResponse done = grpc.hostedSessions(WEB, header(opened)).completeHostedSession(
        CompleteHostedSessionRequest.newBuilder().setSessionId(opened.getSessionId()).build());
    assertThat(done.getOutcome()).isEqualTo(VerificationOutcome.ATTEMPTS_EXHAUSTED);
  }

  @Test
  void aConfirmedSubmissionIsNotCountedAndCompletesTheSession() throws Exception {
    String account = unique("rnok");
    OpenHostedSessionResponse opened = open(create(request(account, VerificationLevel.REAL_NAME).build()));
    Caller session = sessionCaller(opened, List.of(account));
    assertThat(grpc.registerRealName(session, TestCitizens.form(account, TestCitizens.bornIn(1985))).getLevel())
        .isEqualTo(VerificationLevel.REAL_NAME);
    HostedSession now = grpc.hostedSessions(WEB, header(opened)).getHostedSession(
        GetHostedSessionRequest.newBuilder().setSessionId(opened.getSessionId()).build()).getSession();
    assertThat(now.getLevelReached()).isEqualTo(VerificationLevel.REAL_NAME);
    assertThat(now.getRealNameAttemptsLeft()).isEqualTo(3);
    assertThat(grpc.hostedSessions(WEB, header(opened)).completeHostedSession(CompleteHostedSessionRequest.newBuilder()
        .setSessionId(opened.getSessionId()).build()).getOutcome()).isEqualTo(VerificationOutcome.COMPLETED);
  }

  @Test
  void aMinorWithoutANamedGuardianEndsGuardianRequired() throws Exception {
    String account = unique("minor");
    OpenHostedSessionResponse opened = open(create(request(account, VerificationLevel.REAL_NAME).build()));
    Caller session = sessionCaller(opened, List.of(account));
    int year = GrpcHarness.NOW.atZone(GrpcHarness.VIETNAM).getYear() - 12;
    assertThat(reason(() -> grpc.registerRealName(session, TestCitizens.form(account, TestCitizens.bornIn(year)))))
        .isEqualTo("FAILED_PRECONDITION guardian-required");
    assertThat(grpc.hostedSessions(WEB, header(opened)).getHostedSession(GetHostedSessionRequest.newBuilder()
        .setSessionId(opened.getSessionId()).build()).getSession().getGuardianRequired()).isTrue();
    assertThat(grpc.hostedSessions(WEB, header(opened)).completeHostedSession(CompleteHostedSessionRequest.newBuilder()
        .setSessionId(opened.getSessionId()).build()).getOutcome()).isEqualTo(VerificationOutcome.GUARDIAN_REQUIRED);
  }

  @Test
  void aNamedGuardianIsInTheScopeAndTheResolvedScopeNamesIt() {
    String account = unique("kid");
    String guardian = unique("parent");
    OpenHostedSessionResponse opened = open(create(request(account, VerificationLevel.REAL_NAME)
        .setGuardianAccountId(guardian).build()));
    assertThat(opened.getGuardianNamed()).isTrue();
    assertThat(grpc.resolver().resolveHostedSession(ResolveHostedSessionRequest.newBuilder()
        .setSessionId(opened.getSessionId()).setSessionSecret(opened.getSessionSecret()).build()).getAccountScopeList())
        .containsExactly(account, guardian);
  }

  @Test
  void aRepeatUnderTheSameIdempotencyKeyAnswersTheSameSessionWithANewLaunchAddress() throws Exception {
    CreateVerificationSessionRequest request = request(unique("idem"), VerificationLevel.PHONE).build();
    String key = unique("key");
    CreateVerificationSessionResponse first = withKey(key).createVerificationSession(request);
    CreateVerificationSessionResponse again = withKey(key).createVerificationSession(request);
    assertThat(again.getId()).isEqualTo(first.getId());
    assertThat(again.getUrl()).isNotEqualTo(first.getUrl());
    assertThat(reason(() -> open(first))).as("the old address").isEqualTo("NOT_FOUND hosted-session-not-found");
    assertThat(reason(() -> withKey(key).createVerificationSession(request.toBuilder().setState("another-state").build())))
        .isEqualTo("FAILED_PRECONDITION idempotency-key-reused");
    assertThat(open(again).getSessionId()).isEqualTo(first.getId());
  }

  /**
   * Review fix: a repeat after the launch address expired answered a new token under the old
   * expiry, a link dead at once; now it is refused, and the session stays unopenable.
   */
  @Test
  void aRepeatAfterTheLaunchAddressExpiredIsRefusedNotAnsweredWithADeadLink() throws Exception {
    CreateVerificationSessionRequest request = request(unique("idemlate"), VerificationLevel.PHONE).build();
    String key = unique("key");
    CreateVerificationSessionResponse first = withKey(key).createVerificationSession(request);
    grpc.clock.advance(Duration.ofMinutes(9));
    CreateVerificationSessionResponse again = withKey(key).createVerificationSession(request);
    assertThat(again.getLaunchExpiresAt()).as("the first expiry, stated").isEqualTo(first.getLaunchExpiresAt());
    grpc.clock.advance(Duration.ofMinutes(1));
    assertThat(reason(() -> withKey(key).createVerificationSession(request)))
        .isEqualTo("FAILED_PRECONDITION idempotency-key-reused");
    assertThat(reason(() -> open(again))).isEqualTo("NOT_FOUND hosted-session-not-found");
  }

  @Test
  void endedSessionsAreDeletedADayLater() {
    OpenHostedSessionResponse opened = open(create(request(unique("old"), VerificationLevel.PHONE).build()));
    grpc.hostedSessions(WEB, header(opened)).cancelHostedSession(
        CancelHostedSessionRequest.newBuilder().setSessionId(opened.getSessionId()).build());
    grpc.clock.advance(Duration.ofHours(23));
    grpc.hostedSessions.deleteEnded(Duration.ofHours(24));
    assertThat(rows(opened.getSessionId())).isEqualTo(1);
    grpc.clock.advance(Duration.ofHours(2));
    assertThat(grpc.hostedSessions.deleteEnded(Duration.ofHours(24))).isGreaterThanOrEqualTo(1);
    assertThat(rows(opened.getSessionId())).isZero();
  }

  private static int rows(String externalId) {
    return jdbc().sql("SELECT count(*) FROM verification_sessions WHERE id = ?").param(uuid(externalId))
        .query(Integer.class).single();
  }

  static java.util.UUID uuid(String externalId) {
    return org.idnet.identity.hosted.domain.SessionTokens.parse("vs_", externalId,
        org.idnet.identity.domain.FailureReason.INVALID_SESSION_ID, "sessionId");
  }

  static org.springframework.jdbc.core.simple.JdbcClient jdbc() {
    return org.springframework.jdbc.core.simple.JdbcClient.create(dataSource);
  }

  private static VerificationSessionServiceGrpc.VerificationSessionServiceBlockingStub withKey(String key) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("idempotency-key", Metadata.ASCII_STRING_MARSHALLER), key);
    return grpc.verificationSessions(PLATFORM_A).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }
}
