package org.idnet.identity.api;

import io.grpc.stub.StreamObserver;
import org.idnet.caller.Peer;
import org.idnet.identity.domain.FailureReason;
import org.idnet.identity.domain.IdentityException;
import org.idnet.identity.domain.IdentityRelease;
import org.idnet.identity.domain.ReleasedIdentity;
import org.idnet.identity.domain.SignedGrant;
import org.idnet.identity.v1.IdentityFields;
import org.idnet.identity.v1.IdentityReleaseServiceGrpc;
import org.idnet.identity.v1.ReleaseIdentityRequest;
import org.idnet.identity.v1.ReleaseIdentityResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ReleaseIdentity, for disclosure-service only: the caller check lets only the peer whose
 * certificate names {@code spiffe://idnet/disclosure-service} through (the contract's access
 * policy), and then only a grant decides what is released. Logs say who asked and how it ended,
 * never a released value.
 */
public final class IdentityReleaseGrpcService extends IdentityReleaseServiceGrpc.IdentityReleaseServiceImplBase {

  private static final Logger log = LoggerFactory.getLogger(IdentityReleaseGrpcService.class);

  private final IdentityRelease release;

  public IdentityReleaseGrpcService(IdentityRelease release) {
    this.release = release;
  }

  @Override
  public void releaseIdentity(ReleaseIdentityRequest request, StreamObserver<ReleaseIdentityResponse> responses) {
    ReleasedIdentity released;
    try {
      released = release.release(new SignedGrant(request.getGrant().toByteArray(),
          request.getSignature().toByteArray(), request.getKeyId()));
    } catch (IdentityException e) {
      if (e.reason() == FailureReason.GRANT_REFUSED) {
        // Worth an operator's attention: a defect, a key mix-up, or someone trying.
        log.warn("ReleaseIdentity by {}: {}", Peer.current().service(), e.getMessage());
      }
      throw e;
    }
    ReleaseIdentityResponse.Builder response = ReleaseIdentityResponse.newBuilder().setFound(!released.isEmpty());
    if (!released.isEmpty()) {
      response.setFields(fields(released));
    }
    log.info("ReleaseIdentity by {}: grant accepted, found={}", Peer.current().service(), !released.isEmpty());
    responses.onNext(response.build());
    responses.onCompleted();
  }

  private static IdentityFields fields(ReleasedIdentity released) {
    IdentityFields.Builder fields = IdentityFields.newBuilder();
    if (released.fullName() != null) {
      fields.setFullName(released.fullName());
    }
    if (released.nationalId() != null) {
      fields.setNationalId(released.nationalId());
    }
    if (released.dateOfBirth() != null) {
      fields.setDateOfBirth(released.dateOfBirth());
    }
    if (released.phoneNumber() != null) {
      fields.setPhoneNumber(released.phoneNumber());
      fields.setPhoneSource(switch (released.phoneSource()) {
        case OTP -> org.idnet.identity.v1.PhoneSource.OTP;
        case IMPORTED -> org.idnet.identity.v1.PhoneSource.IMPORTED;
      });
    }
    if (released.phonePlatformVerifiedAt() != null) {
      fields.setPhonePlatformVerifiedAt(ProtoMapping.timestamp(released.phonePlatformVerifiedAt()));
    }
    return fields.build();
  }
}
