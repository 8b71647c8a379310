package org.idnet.identity.api;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Locale;
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
 * the contract). The reporting carrier is the caller's client id ({@code azp}), never a request
 * field. The answer is empty whatever the event did: how many accounts used a number is not the
 * carrier's business. The log shows the number masked; the counter {@value #METRIC} counts reports
 * per carrier, type and outcome (carrier ids are a few known clients, so the tag stays small).
 */
public final class NumberEventGrpcService extends NumberEventServiceGrpc.NumberEventServiceImplBase {

  private static final Logger log = LoggerFactory.getLogger(NumberEventGrpcService.class);

  static final String METRIC = "idnet.identity.number.events";

  private final NumberEventRecorder recorder;
  private final MeterRegistry meters;

  public NumberEventGrpcService(NumberEventRecorder recorder, MeterRegistry meters) {
    this.recorder = recorder;
    this.meters = meters;
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
    String carrierId = Caller.current().clientId();
    NumberEventRecorder.Recorded recorded;
    try {
      recorded = recorder.record(carrierId, request.getPhoneNumber(), type,
          request.hasOccurredAt() ? instant(request.getOccurredAt()) : null);
    } catch (IdentityException e) {
      count(carrierId, type, switch (e.reason()) {
        case RATE_LIMITED -> "rate-limited";
        case STORE_UNAVAILABLE -> "failed";
        default -> "invalid";
      });
      throw e;
    }
    count(carrierId, type, "recorded");
    log.info("number event {} from {} for {}: {} phone binding(s) revoked", type, carrierId,
        recorded.event().phone().masked(), recorded.revokedBindings());
    responses.onNext(RecordNumberEventResponse.getDefaultInstance());
    responses.onCompleted();
  }

  private void count(String carrierId, NumberEventType type, String outcome) {
    Counter.builder(METRIC)
        .description("Number event reports by reporting carrier, type and outcome")
        .tag("carrier", carrierId)
        .tag("type", type == null ? "unspecified" : type.name().toLowerCase(Locale.ROOT))
        .tag("outcome", outcome)
        .register(meters)
        .increment();
  }

  private static Instant instant(Timestamp timestamp) {
    // The range protobuf allows for a Timestamp: 0001-01-01 to 9999-12-31, nanos 0-999,999,999.
    if (!Timestamps.isValid(timestamp)) {
      throw IdentityException.invalid(FailureReason.INVALID_NUMBER_EVENT, "occurredAt",
          "occurredAt is not a valid timestamp");
    }
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
