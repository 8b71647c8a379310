package org.idnet.disclosure.release.api;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.idnet.disclosure.api.IdentityFieldMapping;
import org.idnet.disclosure.release.domain.GrantRefusedException;
import org.idnet.disclosure.release.domain.IdentityReleaser;
import org.idnet.disclosure.release.domain.IdentityUnavailableException;
import org.idnet.disclosure.release.domain.ReleaseOutcome;
import org.idnet.disclosure.release.domain.SignedGrant;
import org.idnet.identity.v1.IdentityReleaseServiceGrpc;
import org.idnet.identity.v1.ReleaseIdentityRequest;
import org.idnet.identity.v1.ReleaseIdentityResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * identity-service's ReleaseIdentity over gRPC, as itself: the channel's mutual-TLS certificate
 * ({@code spiffe://idnet/disclosure-service}) is its identity, so no caller is sent. A
 * deadline on every call: the release runs while the workflow holds its request, so a slow
 * identity-service must cost seconds, not a stuck request.
 *
 * <p>A refusal (PERMISSION_DENIED, UNAUTHENTICATED: the grant, or this peer, was not accepted)
 * is a {@link GrantRefusedException} naming the failed check identity-service put in its
 * {@code ErrorInfo} metadata ({@code check}), from which the workflow decides whether to try again;
 * every other failure, transport or server-side, is an {@link IdentityUnavailableException}: the
 * request stays approved and a later attempt, with a new grant, tries again.
 */
public final class GrpcIdentityReleaser implements IdentityReleaser {

  private static final Logger log = LoggerFactory.getLogger(GrpcIdentityReleaser.class);
  /** identity-service's ErrorInfo metadata key naming the failed check of a refused grant. */
  static final String CHECK = "check";

  private final IdentityReleaseServiceGrpc.IdentityReleaseServiceBlockingStub stub;
  private final Duration deadline;

  /** @param channel a long-lived channel to identity-service, shared by all calls */
  public GrpcIdentityReleaser(Channel channel, Duration deadline) {
    if (deadline == null || !deadline.isPositive()) {
      throw new IllegalArgumentException("the ReleaseIdentity deadline must be positive, not " + deadline);
    }
    this.stub = IdentityReleaseServiceGrpc.newBlockingStub(channel);
    this.deadline = deadline;
  }

  @Override
  public ReleaseOutcome release(SignedGrant grant) {
    ReleaseIdentityRequest request = ReleaseIdentityRequest.newBuilder()
        .setGrant(ByteString.copyFrom(grant.grant()))
        .setSignature(ByteString.copyFrom(grant.signature()))
        .setKeyId(grant.keyId())
        .build();
    ReleaseIdentityResponse response;
    try {
      response = stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS).releaseIdentity(request);
    } catch (StatusRuntimeException e) {
      throw failure(grant, e);
    }
    return response.getFound() ? new ReleaseOutcome.Released(IdentityFieldMapping.fromProto(response.getFields()))
        : new ReleaseOutcome.NotFoundAtSource();
  }

  private static RuntimeException failure(SignedGrant grant, StatusRuntimeException e) {
    Status.Code code = e.getStatus().getCode();
    // identity-service's descriptions are safe to keep: they name a check, never personal data.
    ErrorInfo info = errorInfo(e);
    String description = code + " " + (info == null ? "-" : info.getReason()) + ": " + e.getStatus().getDescription();
    if (code == Status.Code.PERMISSION_DENIED || code == Status.Code.UNAUTHENTICATED) {
      return new GrantRefusedException("identity-service refused grant " + grant.grantId() + ": " + description,
          info == null ? null : info.getMetadataOrDefault(CHECK, null));
    }
    log.warn("ReleaseIdentity for grant {} failed: {}", grant.grantId(), description);
    return new IdentityUnavailableException("identity-service did not release for grant " + grant.grantId() + ": "
        + description, e);
  }

  /** The ErrorInfo (reason e.g. {@code grant-refused}, metadata {@code check}); null without one (the caller check answers none). */
  private static ErrorInfo errorInfo(StatusRuntimeException e) {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    if (status != null) {
      for (var detail : status.getDetailsList()) {
        if (detail.is(ErrorInfo.class)) {
          try {
            return detail.unpack(ErrorInfo.class);
          } catch (InvalidProtocolBufferException malformed) {
            return null;
          }
        }
      }
    }
    return null;
  }
}
