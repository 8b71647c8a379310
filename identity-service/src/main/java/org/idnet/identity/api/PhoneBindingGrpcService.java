package org.idnet.identity.api;

import io.grpc.stub.StreamObserver;
import org.idnet.identity.domain.AccountVerification;
import org.idnet.identity.domain.PhoneBinder;
import org.idnet.identity.domain.PhoneBindingRequest;
import org.idnet.identity.v1.BindPhoneRequest;
import org.idnet.identity.v1.BindPhoneResponse;
import org.idnet.identity.v1.PhoneBindingServiceGrpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BindPhone, for phone-otp-service only (the mutual-TLS peer {@code spiffe://idnet/phone-otp-service},
 * enforced by the caller interceptor from the contract). The platform comes from the request here:
 * the OTP service calls as itself, for the platform that started the verification.
 */
public final class PhoneBindingGrpcService extends PhoneBindingServiceGrpc.PhoneBindingServiceImplBase {

  private static final Logger log = LoggerFactory.getLogger(PhoneBindingGrpcService.class);

  private final PhoneBinder binder;

  public PhoneBindingGrpcService(PhoneBinder binder) {
    this.binder = binder;
  }

  @Override
  public void bindPhone(BindPhoneRequest request, StreamObserver<BindPhoneResponse> responses) {
    PhoneBindingRequest binding = PhoneBindingRequest.of(request.getPlatformId(), request.getAccountId(),
        request.getPhoneNumber(), request.getVerificationId());
    AccountVerification verification = binder.bind(binding);
    // The record's toString masks the number.
    log.info("bound phone {} to an account of platform {} (verification {})", binding.phone(),
        binding.account().platformId(), binding.verificationId());
    responses.onNext(BindPhoneResponse.newBuilder().setVerification(ProtoMapping.toProto(verification)).build());
    responses.onCompleted();
  }
}
