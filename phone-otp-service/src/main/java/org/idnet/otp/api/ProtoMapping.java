package org.idnet.otp.api;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import org.idnet.otp.domain.PhoneVerificationView;
import org.idnet.otp.domain.SentSms;
import org.idnet.otp.v1.PhoneVerification;
import org.idnet.otp.v1.PhoneVerificationStatus;
import org.idnet.sandbox.v1.Sms;

/** Domain values to proto messages; only masked numbers cross into PhoneVerification. */
final class ProtoMapping {

  private ProtoMapping() {
  }

  static PhoneVerification toProto(PhoneVerificationView v) {
    return PhoneVerification.newBuilder()
        .setId(v.id())
        .setAccountId(v.accountId())
        .setPhoneNumber(v.maskedPhoneNumber())
        .setStatus(switch (v.status()) {
          case PENDING -> PhoneVerificationStatus.PENDING;
          case APPROVED -> PhoneVerificationStatus.APPROVED;
          case FAILED -> PhoneVerificationStatus.FAILED;
          case EXPIRED -> PhoneVerificationStatus.EXPIRED;
        })
        .setExpiresAt(timestamp(v.expiresAt()))
        .setResendAvailableAt(timestamp(v.resendAvailableAt()))
        .setAttemptsRemaining(v.attemptsRemaining())
        .build();
  }

  static Sms toProto(SentSms sms) {
    return Sms.newBuilder().setTo(sms.to()).setText(sms.text()).setSentAt(timestamp(sms.sentAt())).build();
  }

  private static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }
}
