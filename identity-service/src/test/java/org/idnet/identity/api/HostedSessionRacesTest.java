package org.idnet.identity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_A;
import static org.idnet.identity.api.GrpcHarness.WEB;
import static org.idnet.identity.api.GrpcHarness.errorInfo;
import static org.idnet.identity.api.GrpcHarness.unique;

import com.zaxxer.hikari.HikariDataSource;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.idnet.identity.TestDatabase;
import org.idnet.identity.domain.IdentityException;
import org.idnet.identity.v1.CancelHostedSessionRequest;
import org.idnet.identity.v1.CompleteHostedSessionRequest;
import org.idnet.identity.v1.CreateVerificationSessionRequest;
import org.idnet.identity.v1.CreateVerificationSessionResponse;
import org.idnet.identity.v1.OpenHostedSessionRequest;
import org.idnet.identity.v1.OpenHostedSessionResponse;
import org.idnet.identity.v1.RedeemVerificationResultRequest;
import org.idnet.identity.v1.RegisterReturnUrlRequest;
import org.idnet.identity.v1.VerificationLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Single use under concurrency, on real PostgreSQL (docs/pages.md section 3.8): threads released
 * together by a start latch race for one launch token, one result reference, one session's end and
 * one session's last real-name submission; each time exactly one wins and every other gets the
 * refusal a late caller gets. The conditional UPDATEs are what hold this, not the order of calls.
 */
class HostedSessionRacesTest {

  static final String RETURN = "https://platform-a.example.vn/race";
  static final int RACERS = 8;
  static HikariDataSource dataSource;
  static GrpcHarness grpc;

  @BeforeAll
  static void start() throws Exception {
    dataSource = TestDatabase.migrated("identity_hosted_races");
    grpc = GrpcHarness.over(dataSource, GrpcHarness.newKeys()).start();
    grpc.verificationSessions(PLATFORM_A).registerReturnUrl(RegisterReturnUrlRequest.newBuilder().setUrl(RETURN).build());
  }

  @AfterAll
  static void stop() {
    grpc.close();
    dataSource.close();
  }

  /** What each racer got: its answer, or the reason it was refused. */
  record Outcome<T>(Optional<T> won, String refusal) {
  }

  static <T> List<Outcome<T>> race(Callable<T> call) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(RACERS);
    try {
      CountDownLatch ready = new CountDownLatch(RACERS);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Outcome<T>>> futures = new ArrayList<>();
      for (int i = 0; i < RACERS; i++) {
        futures.add(threads.submit(() -> {
          ready.countDown();
          go.await();
          try {
            return new Outcome<>(Optional.of(call.call()), "");
          } catch (StatusRuntimeException e) {
            return new Outcome<T>(Optional.empty(), e.getStatus().getCode() + " " + errorInfo(e).getReason());
          } catch (IdentityException e) {
            return new Outcome<T>(Optional.empty(), e.reason().name());
          }
        }));
      }
      assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
      go.countDown();
      List<Outcome<T>> outcomes = new ArrayList<>();
      for (Future<Outcome<T>> future : futures) {
        outcomes.add(future.get(60, TimeUnit.SECONDS));
      }
      return outcomes;
    } finally {
      threads.shutdownNow();
    }
  }

  static <T> T theOneWinner(List<Outcome<T>> outcomes, String everyOtherRefusal) {
    assertThat(outcomes).filteredOn(o -> o.won().isPresent()).as("exactly one wins").hasSize(1);
    assertThat(outcomes).filteredOn(o -> o.won().isEmpty()).extracting(Outcome::refusal)
        .hasSize(RACERS - 1).containsOnly(everyOtherRefusal);
    return outcomes.stream().flatMap(o -> o.won().stream()).findFirst().orElseThrow();
  }

  static CreateVerificationSessionResponse create(String account, VerificationLevel level) {
    return grpc.verificationSessions(PLATFORM_A).createVerificationSession(CreateVerificationSessionRequest.newBuilder()
        .setAccountId(account).setReturnUrl(RETURN).setState("race-" + unique("s").substring(0, 12)).setLevel(level)
        .build());
  }

  static OpenHostedSessionRequest launch(CreateVerificationSessionResponse created) {
    return OpenHostedSessionRequest.newBuilder()
        .setLaunchToken(created.getUrl().substring((GrpcHarness.PAGES_URL + "/verify/").length())).build();
  }

  static OpenHostedSessionResponse open(CreateVerificationSessionResponse created) {
    return grpc.hostedSessions(WEB, null).openHostedSession(launch(created));
  }

  static String header(OpenHostedSessionResponse opened) {
    return opened.getSessionId() + "." + opened.getSessionSecret();
  }

  static String result(String redirectUrl) {
    String query = redirectUrl.substring(redirectUrl.indexOf('?') + 1);
    for (String pair : query.split("&")) {
      if (pair.startsWith("result=")) {
        return pair.substring("result=".length());
      }
    }
    throw new AssertionError("no result in " + redirectUrl);
  }

  @Test
  void parallelOpensOfOneLaunchTokenThenExactlyOneSessionSecret() throws Exception {
    CreateVerificationSessionResponse created = create(unique("raceopen"), VerificationLevel.PHONE);
    OpenHostedSessionRequest request = launch(created);

    OpenHostedSessionResponse winner = theOneWinner(race(() -> grpc.hostedSessions(WEB, null).openHostedSession(request)),
        "NOT_FOUND hosted-session-not-found");

    assertThat(winner.getSessionId()).isEqualTo(created.getId());
    assertThat(grpc.hostedSessions(WEB, header(winner)).cancelHostedSession(CancelHostedSessionRequest.newBuilder()
        .setSessionId(winner.getSessionId()).build()).getRedirectUrl()).as("the winner's secret works").startsWith(RETURN);
  }

  @Test
  void parallelCompletionsOfOneSessionThenExactlyOneResult() throws Exception {
    OpenHostedSessionResponse opened = open(create(unique("raceend"), VerificationLevel.PHONE));
    CancelHostedSessionRequest cancel = CancelHostedSessionRequest.newBuilder().setSessionId(opened.getSessionId())
        .build();

    String redirect = theOneWinner(race(() -> grpc.hostedSessions(WEB, header(opened)).cancelHostedSession(cancel)
        .getRedirectUrl()), "FAILED_PRECONDITION session-finished");

    assertThat(grpc.verificationSessions(PLATFORM_A).redeemVerificationResult(RedeemVerificationResultRequest
        .newBuilder().setResult(result(redirect)).build()).getSessionId()).as("the winner's result is the one kept")
        .isEqualTo(opened.getSessionId());
  }

  @Test
  void parallelCompletesOfOneSessionThatReachedItsLevelThenExactlyOneResult() throws Exception {
    String account = unique("racedone");
    OpenHostedSessionResponse opened = open(create(account, VerificationLevel.PHONE));
    grpc.bind("platform-a", account, "+84913" + String.format("%06d", Math.floorMod(account.hashCode(), 1_000_000)),
        unique("ver"));
    CompleteHostedSessionRequest complete = CompleteHostedSessionRequest.newBuilder()
        .setSessionId(opened.getSessionId()).build();

    theOneWinner(race(() -> grpc.hostedSessions(WEB, header(opened)).completeHostedSession(complete).getRedirectUrl()),
        "FAILED_PRECONDITION session-finished");
  }

  @Test
  void parallelRedeemsOfOneResultThenExactlyOneAnswer() throws Exception {
    OpenHostedSessionResponse opened = open(create(unique("raceredeem"), VerificationLevel.PHONE));
    String result = result(grpc.hostedSessions(WEB, header(opened)).cancelHostedSession(CancelHostedSessionRequest
        .newBuilder().setSessionId(opened.getSessionId()).build()).getRedirectUrl());
    RedeemVerificationResultRequest redeem = RedeemVerificationResultRequest.newBuilder().setResult(result).build();

    String session = theOneWinner(race(() -> grpc.verificationSessions(PLATFORM_A).redeemVerificationResult(redeem)
        .getSessionId()), "NOT_FOUND result-not-found");

    assertThat(session).isEqualTo(opened.getSessionId());
  }

  @Test
  void parallelReservationsOfTheLastRealNameSubmissionThenExactlyOne() throws Exception {
    String account = unique("racern");
    OpenHostedSessionResponse opened = open(create(account, VerificationLevel.REAL_NAME));
    for (int i = 0; i < 2; i++) {
      grpc.sessionRealNames.settled(grpc.sessionRealNames.reserve("platform-a", opened.getSessionId(),
          List.of(account), account, Optional.empty()), true, false);
    }

    theOneWinner(race(() -> grpc.sessionRealNames.reserve("platform-a", opened.getSessionId(), List.of(account),
        account, Optional.empty())), "SESSION_LIMIT_REACHED");
  }
}
