package org.idnet.identity.api;

import com.google.protobuf.Timestamp;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import org.idnet.caller.Caller;
import org.idnet.identity.domain.FailureReason;
import org.idnet.identity.domain.IdentityException;
import org.idnet.identity.domain.NumberEventRecorder;
import org.idnet.identity.domain.NumberEventType;
import org.idnet.identity.v1.NumberEventServiceGrpc;
import org.idnet.identity.v1.RecordNumberEventRequest;
import org.idnet.identity.v1.RecordNumberEventResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RecordNumberEvent for carriers (role {@code carrier}, enforced by the caller interceptor from
 * the contract). The answer is empty whatever the event did: how many accounts used a number is
 * not the carrier's business. The log shows the number masked.
 */
public final class NumberEventGrpcService extends NumberEventServiceGrpc.NumberEventServiceImplBase {

  private static final Logger log = LoggerFactory.getLogger(NumberEventGrpcService.class);
  /** The range protobuf allows for a Timestamp: 0001-01-01 to 9999-12-31. */
  private static final long MIN_SECONDS = -62_135_596_800L;
  private static final long MAX_SECONDS = 253_402_300_799L;

  private final NumberEventRecorder recorder;

  public NumberEventGrpcService(NumberEventRecorder recorder) {
    this.recorder = recorder;
  }

  @Override
  public void recordNumberEvent(RecordNumberEventRequest request,
      StreamObserver<RecordNumberEventResponse> responses) {
    NumberEventType type = switch (request.getType()) {
      case DISCONNECTED -> NumberEventType.DISCONNECTED;
      case REASSIGNED -> NumberEventType.REASSIGNED;
      case PORTED -> NumberEventType.PORTED;
      case NUMBER_EVENT_TYPE_UNSPECIFIED, UNRECOGNIZED -> null;
    };
    NumberEventRecorder.Recorded recorded = recorder.record(request.getPhoneNumber(), type,
        request.hasOccurredAt() ? instant(request.getOccurredAt()) : null);
    log.info("number event {} from {} for {}: {} phone binding(s) revoked", type, Caller.current().platformId(),
        recorded.event().phone().masked(), recorded.revokedBindings());
    responses.onNext(RecordNumberEventResponse.getDefaultInstance());
    responses.onCompleted();
  }

  private static Instant instant(Timestamp timestamp) {
    if (timestamp.getSeconds() < MIN_SECONDS || timestamp.getSeconds() > MAX_SECONDS || timestamp.getNanos() < 0
        || timestamp.getNanos() > 999_999_999) {
      throw IdentityException.invalid(FailureReason.INVALID_NUMBER_EVENT, "occurredAt",
          "occurredAt is not a valid timestamp");
    }
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
