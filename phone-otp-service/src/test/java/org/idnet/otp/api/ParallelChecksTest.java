package org.idnet.otp.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.otp.testing.Calls.check;
import static org.idnet.otp.testing.Calls.create;
import static org.idnet.otp.testing.Calls.get;

import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.idnet.otp.testing.Errors;
import org.idnet.otp.testing.OtpHarness;
import org.idnet.otp.v1.PhoneVerification;
import org.idnet.otp.v1.PhoneVerificationServiceGrpc.PhoneVerificationServiceBlockingStub;
import org.idnet.otp.v1.PhoneVerificationStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Single use under contention: the consume step is one Lua script. */
class ParallelChecksTest {

  static OtpHarness otp;

  @BeforeAll
  static void start() {
    otp = OtpHarness.onSharedRedis(2, p -> { });
  }

  @AfterAll
  static void stop() {
    otp.close();
  }

  @BeforeEach
  void reset() {
    otp.reset();
  }

  @Test
  void checkWhenTwentyParallelRightCodesThenExactlyOneApproved() throws Exception {
    PhoneVerificationServiceBlockingStub stub = otp.platform("platform-a");
    PhoneVerification v = create(stub, "acc-1", "0912345678");
    String code = otp.sms.lastCodeTo("+84912345678");
    otp.identity.delay(100); // keeps the BINDING window open while the others arrive

    List<String> outcomes = parallel(20, () -> {
      try {
        return check(stub, v.getId(), code).getStatus().name();
      } catch (StatusRuntimeException e) {
        return Errors.reason(e);
      }
    });

    assertThat(outcomes).filteredOn("APPROVED"::equals).hasSize(1);
    assertThat(outcomes).filteredOn(o -> !o.equals("APPROVED"))
        .allMatch(o -> o.equals("verification-in-progress") || o.equals("verification-closed"));
    assertThat(otp.identity.calls()).hasSize(1);
    assertThat(get(stub, v.getId()).getStatus()).isEqualTo(PhoneVerificationStatus.APPROVED);
  }

  @Test
  void checkWhenParallelWrongCodesThenEachCostsExactlyOneAttempt() throws Exception {
    PhoneVerificationServiceBlockingStub stub = otp.platform("platform-a");
    PhoneVerification v = create(stub, "acc-1", "0912345678");
    String wrong = org.idnet.otp.testing.Calls.wrong(otp.sms.lastCodeTo("+84912345678"));

    List<String> outcomes = parallel(8, () -> {
      try {
        PhoneVerification answer = check(stub, v.getId(), wrong);
        return answer.getStatus() + ":" + answer.getAttemptsRemaining();
      } catch (StatusRuntimeException e) {
        return Errors.reason(e);
      }
    });

    // 5 attempts: answers 4,3,2,1 PENDING and one FAILED, the other 3 find it closed.
    assertThat(outcomes).filteredOn(o -> o.startsWith("PENDING")).hasSize(4);
    assertThat(outcomes).filteredOn(o -> o.startsWith("FAILED")).containsExactly("FAILED:0");
    assertThat(outcomes).filteredOn("verification-closed"::equals).hasSize(3);
  }

  private static List<String> parallel(int n, java.util.concurrent.Callable<String> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(pool.submit(() -> {
          go.await();
          return call.call();
        }));
      }
      go.countDown();
      List<String> results = new ArrayList<>();
      for (Future<String> f : futures) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
