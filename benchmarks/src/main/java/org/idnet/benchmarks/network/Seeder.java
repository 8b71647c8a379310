package org.idnet.benchmarks.network;

import io.grpc.ManagedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.idnet.identity.v1.BindPhoneRequest;
import org.idnet.identity.v1.PhoneBindingServiceGrpc;

/**
 * Seeds phone-bound accounts the way phone-otp-service records them: identity-service's internal
 * {@code BindPhone} over gRPC as phone-otp-service (a channel presenting its sandbox certificate). The
 * public phone flow would need an SMS round trip per account and trips the abuse limits; binding
 * directly writes the same rows.
 */
public final class Seeder {

  public static final String PLATFORM = "platform-a";

  private Seeder() {
  }

  /** Account ids {@code bench-00001...} of {@link #PLATFORM}. */
  public static List<String> accountIds(int count) {
    List<String> ids = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      ids.add(String.format("bench-%05d", i));
    }
    return ids;
  }

  /**
   * Binds each account to its own Vietnamese mobile number (+84912xxxxxx); idempotent per
   * verification id. {@code identity} must present phone-otp-service's certificate.
   */
  public static void bindPhones(ManagedChannel identity, List<String> accounts) throws InterruptedException {
    PhoneBindingServiceGrpc.PhoneBindingServiceFutureStub stub = PhoneBindingServiceGrpc.newFutureStub(identity);
    Semaphore window = new Semaphore(16);
    AtomicInteger failures = new AtomicInteger();
    AtomicReference<Throwable> lastFailure = new AtomicReference<>();
    for (int i = 0; i < accounts.size(); i++) {
      window.acquire();
      BindPhoneRequest request = BindPhoneRequest.newBuilder()
          .setPlatformId(PLATFORM)
          .setAccountId(accounts.get(i))
          .setPhoneNumber(String.format("+84912%06d", i + 1))
          .setVerificationId("bench-verification-" + accounts.get(i))
          .build();
      var call = stub.withDeadlineAfter(10, TimeUnit.SECONDS).bindPhone(request);
      call.addListener(() -> {
        try {
          call.get();
        } catch (Exception e) {
          failures.incrementAndGet();
          lastFailure.set(e);
        } finally {
          window.release();
        }
      }, Runnable::run);
    }
    window.acquire(16);
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " of " + accounts.size() + " BindPhone calls failed; last: "
          + lastFailure.get());
    }
  }
}
