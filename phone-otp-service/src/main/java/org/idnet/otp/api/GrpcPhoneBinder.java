package org.idnet.otp.api;

import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.idnet.identity.v1.BindPhoneRequest;
import org.idnet.identity.v1.PhoneBindingServiceGrpc;
import org.idnet.otp.domain.BindingFailedException;
import org.idnet.otp.domain.PhoneBinder;
import org.idnet.otp.domain.PhoneBinding;

/**
 * Tells identity-service about an approved phone over a long-lived mutual-TLS channel, as itself:
 * its certificate ({@code spiffe://idnet/phone-otp-service}) is all identity-service needs, so no
 * caller is sent. A deadline on every call. Never retried here: the user's next check of the same
 * code is the retry, and BindPhone is idempotent per verification id.
 */
public final class GrpcPhoneBinder implements PhoneBinder {

  private final PhoneBindingServiceGrpc.PhoneBindingServiceBlockingStub stub;
  private final Duration deadline;

  public GrpcPhoneBinder(Channel channel, Duration deadline) {
    this.stub = PhoneBindingServiceGrpc.newBlockingStub(channel);
    this.deadline = deadline;
  }

  @Override
  public void bind(PhoneBinding binding) {
    BindPhoneRequest request = BindPhoneRequest.newBuilder()
        .setPlatformId(binding.platformId())
        .setAccountId(binding.accountId())
        .setPhoneNumber(binding.phone().e164())
        .setVerificationId(binding.verificationId())
        .build();
    try {
      stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS).bindPhone(request);
    } catch (StatusRuntimeException e) {
      // Only the code: a description from the other side is not ours to vouch for in a log line.
      throw new BindingFailedException("identity-service answered " + e.getStatus().getCode(), e);
    }
  }
}
