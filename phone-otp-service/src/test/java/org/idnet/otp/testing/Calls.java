package org.idnet.otp.testing;

import org.idnet.otp.v1.CheckPhoneVerificationRequest;
import org.idnet.otp.v1.CreatePhoneVerificationRequest;
import org.idnet.otp.v1.GetPhoneVerificationRequest;
import org.idnet.otp.v1.PhoneVerification;
import org.idnet.otp.v1.PhoneVerificationServiceGrpc.PhoneVerificationServiceBlockingStub;
import org.idnet.otp.v1.ResendPhoneVerificationRequest;

/** The four RPCs as one-liners for tests. */
public final class Calls {

  private Calls() {
  }

  /** A well-formed code that is not {@code code}. */
  public static String wrong(String code) {
    return code.equals("000000") ? "000001" : "000000";
  }

  public static PhoneVerification create(PhoneVerificationServiceBlockingStub stub, String account, String phone) {
    return stub.createPhoneVerification(CreatePhoneVerificationRequest.newBuilder()
        .setAccountId(account).setPhoneNumber(phone).build()).getPhoneVerification();
  }

  public static PhoneVerification get(PhoneVerificationServiceBlockingStub stub, String id) {
    return stub.getPhoneVerification(GetPhoneVerificationRequest.newBuilder().setId(id).build()).getPhoneVerification();
  }

  public static PhoneVerification check(PhoneVerificationServiceBlockingStub stub, String id, String code) {
    return stub.checkPhoneVerification(CheckPhoneVerificationRequest.newBuilder().setId(id).setCode(code).build())
        .getPhoneVerification();
  }

  public static PhoneVerification resend(PhoneVerificationServiceBlockingStub stub, String id) {
    return stub.resendPhoneVerification(ResendPhoneVerificationRequest.newBuilder().setId(id).build())
        .getPhoneVerification();
  }
}
