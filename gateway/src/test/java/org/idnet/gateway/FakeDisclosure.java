package org.idnet.gateway;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.idnet.caller.evidence.EvidenceMetadata;
import org.idnet.caller.evidence.EvidenceRefusals;
import org.idnet.disclosure.v1.ApproveDisclosureRequestRequest;
import org.idnet.disclosure.v1.CancelDisclosureRequestRequest;
import org.idnet.disclosure.v1.DisclosureRequest;
import org.idnet.disclosure.v1.DisclosureRequestServiceGrpc;
import org.idnet.disclosure.v1.DisclosureStatus;
import org.idnet.disclosure.v1.GetDisclosureRequestRequest;

/**
 * A stand-in for disclosure-service's request routes behind the gateway under test: requests
 * whose digest is {@code "a" * 64}, approval that compares If-Match as the real service does, and
 * a record of the metadata every call brought (evidence, If-Match), by method.
 */
final class FakeDisclosure extends DisclosureRequestServiceGrpc.DisclosureRequestServiceImplBase {

  static final String DIGEST = "a".repeat(64);
  /** A request whose approval disclosure-service refuses: the supervisor's token approved another one. */
  static final String REUSED_TOKEN_ID = "3f2a6c1e-0000-4000-8000-000000000002";
  /** A request whose approval disclosure-service refuses: the supervisor's login is not fresh. */
  static final String STALE_LOGIN_ID = "3f2a6c1e-0000-4000-8000-000000000003";
  static final Metadata.Key<String> IF_MATCH = Metadata.Key.of("if-match", Metadata.ASCII_STRING_MARSHALLER);

  /** What each call brought: method name, evidence (or "none"), If-Match (or "none"). */
  final List<List<String>> calls = new CopyOnWriteArrayList<>();
  private static final io.grpc.Context.Key<String> CALL_IF_MATCH = io.grpc.Context.key("if-match");

  ServerInterceptor recorder() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        String ifMatch = String.valueOf(headers.get(IF_MATCH));
        calls.add(List.of(call.getMethodDescriptor().getBareMethodName(),
            String.valueOf(headers.get(EvidenceMetadata.EVIDENCE)), ifMatch));
        return io.grpc.Contexts.interceptCall(io.grpc.Context.current().withValue(CALL_IF_MATCH, ifMatch), call,
            headers, next);
      }
    };
  }

  private static DisclosureRequest request(String id, DisclosureStatus status) {
    return DisclosureRequest.newBuilder().setId(id).setAgencyId("agency-1").setRequestedBy("officer-1")
        .setStatus(status).setDigest(DIGEST).build();
  }

  @Override
  public void getDisclosureRequest(GetDisclosureRequestRequest request, StreamObserver<DisclosureRequest> out) {
    out.onNext(request(request.getId(), DisclosureStatus.AWAITING_APPROVAL));
    out.onCompleted();
  }

  @Override
  public void approveDisclosureRequest(ApproveDisclosureRequestRequest request, StreamObserver<DisclosureRequest> out) {
    String ifMatch = CALL_IF_MATCH.get();
    if (REUSED_TOKEN_ID.equals(request.getId())) {
      out.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
          .setCode(Status.Code.FAILED_PRECONDITION.value())
          .setMessage("this access token already approved another request; approve each request with a fresh token")
          .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("evidence-reused").setDomain("idnet.org")
              .build())).build()));
      return;
    }
    if (STALE_LOGIN_ID.equals(request.getId())) {
      out.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
          .setCode(Status.Code.PERMISSION_DENIED.value())
          .setMessage("approvals need a token of a login with password and one-time code made at most 300 s before;"
              + " log in again and approve")
          .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("fresh-login-required").setDomain("idnet.org")
              .build())).build()));
      return;
    }
    if (!ifMatch.equals("\"" + DIGEST + "\"")) {
      out.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
          .setCode(Status.Code.FAILED_PRECONDITION.value()).setMessage("If-Match does not name the current digest")
          .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("precondition-failed").setDomain("idnet.org")
              .build())).build()));
      return;
    }
    out.onNext(request(request.getId(), DisclosureStatus.DISCLOSED));
    out.onCompleted();
  }

  /**
   * Cancelling answers, by the request id, what the service's evidence check refuses with
   * ({@link EvidenceRefusals}, the statuses the real interceptor sends): {@code evidence-expired}
   * the official's token expired between the gateway's check and the service's,
   * {@code evidence-keys} the service could not fetch the issuer's keys, {@code evidence-other}
   * the token names another official. Any other id is cancelled.
   */
  @Override
  public void cancelDisclosureRequest(CancelDisclosureRequestRequest request, StreamObserver<DisclosureRequest> out) {
    switch (request.getId()) {
      case "evidence-expired" -> out.onError(EvidenceRefusals.refused(Status.Code.UNAUTHENTICATED, "expired",
          "the evidence has expired"));
      case "evidence-keys" -> out.onError(EvidenceRefusals.keysUnavailable());
      case "evidence-other" -> out.onError(EvidenceRefusals.refused(Status.Code.PERMISSION_DENIED, "official",
          "the official's token does not name the caller the call states"));
      default -> {
        out.onNext(request(request.getId(), DisclosureStatus.CANCELLED));
        out.onCompleted();
      }
    }
  }
}
