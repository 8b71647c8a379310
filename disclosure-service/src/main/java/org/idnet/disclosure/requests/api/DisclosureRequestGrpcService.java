package org.idnet.disclosure.requests.api;

import io.grpc.stub.StreamObserver;
import java.util.Optional;
import org.idnet.disclosure.api.Officials;
import org.idnet.disclosure.requests.domain.IdempotencyKey;
import org.idnet.disclosure.requests.domain.PackageReader;
import org.idnet.disclosure.requests.domain.RequestCreator;
import org.idnet.disclosure.requests.domain.RequestDecisions;
import org.idnet.disclosure.requests.domain.RequestPage;
import org.idnet.disclosure.requests.domain.RequestReader;
import org.idnet.disclosure.v1.ApproveDisclosureRequestRequest;
import org.idnet.disclosure.v1.CancelDisclosureRequestRequest;
import org.idnet.disclosure.v1.CreateDisclosureRequestRequest;
import org.idnet.disclosure.v1.DisclosurePackage;
import org.idnet.disclosure.v1.DisclosureRequest;
import org.idnet.disclosure.v1.DisclosureRequestServiceGrpc;
import org.idnet.disclosure.v1.GetDisclosurePackageRequest;
import org.idnet.disclosure.v1.GetDisclosureRequestRequest;
import org.idnet.disclosure.v1.ListDisclosureRequestsRequest;
import org.idnet.disclosure.v1.ListDisclosureRequestsResponse;
import org.idnet.disclosure.v1.RejectDisclosureRequestRequest;
import org.idnet.headers.ForwardedHeader;
import org.idnet.proto.DeterministicBytes;

/**
 * The agency routes of api.md. Handlers only translate: who may do what is decided by the use
 * cases, with the caller taken from the verified caller identity, never from the message.
 */
public final class DisclosureRequestGrpcService extends DisclosureRequestServiceGrpc.DisclosureRequestServiceImplBase {

  private final RequestCreator creator;
  private final RequestReader reader;
  private final RequestDecisions decisions;
  private final PackageReader packages;

  public DisclosureRequestGrpcService(RequestCreator creator, RequestReader reader, RequestDecisions decisions,
      PackageReader packages) {
    this.creator = creator;
    this.reader = reader;
    this.decisions = decisions;
    this.packages = packages;
  }

  @Override
  public void createDisclosureRequest(CreateDisclosureRequestRequest request, StreamObserver<DisclosureRequest> out) {
    Optional<IdempotencyKey> key = ForwardedHeader.IDEMPOTENCY_KEY.current()
        .map(value -> new IdempotencyKey(value, DeterministicBytes.sha256(request)));
    reply(out, RequestMapping.toProto(creator.create(Officials.current(), RequestMapping.newRequest(request), key)));
  }

  @Override
  public void getDisclosureRequest(GetDisclosureRequestRequest request, StreamObserver<DisclosureRequest> out) {
    reply(out, RequestMapping.toProto(reader.get(Officials.current(), request.getId())));
  }

  @Override
  public void listDisclosureRequests(ListDisclosureRequestsRequest request,
      StreamObserver<ListDisclosureRequestsResponse> out) {
    RequestPage page = reader.list(Officials.current(), RequestMapping.statusOf(request.getStatus()),
        request.getPageSize(), request.getPageToken());
    ListDisclosureRequestsResponse.Builder response = ListDisclosureRequestsResponse.newBuilder()
        .setNextPageToken(page.nextPageToken());
    page.requests().forEach(r -> response.addRequests(RequestMapping.toProto(r)));
    reply(out, response.build());
  }

  @Override
  public void approveDisclosureRequest(ApproveDisclosureRequestRequest request, StreamObserver<DisclosureRequest> out) {
    reply(out, RequestMapping.toProto(decisions.approve(Officials.current(), request.getId(), request.getNote(),
        ForwardedHeader.IF_MATCH.current())));
  }

  @Override
  public void rejectDisclosureRequest(RejectDisclosureRequestRequest request, StreamObserver<DisclosureRequest> out) {
    reply(out, RequestMapping.toProto(decisions.reject(Officials.current(), request.getId(), request.getReason())));
  }

  @Override
  public void cancelDisclosureRequest(CancelDisclosureRequestRequest request, StreamObserver<DisclosureRequest> out) {
    reply(out, RequestMapping.toProto(decisions.cancel(Officials.current(), request.getId())));
  }

  @Override
  public void getDisclosurePackage(GetDisclosurePackageRequest request, StreamObserver<DisclosurePackage> out) {
    reply(out, RequestMapping.toProto(packages.read(Officials.current(), request.getId())));
  }

  private static <T> void reply(StreamObserver<T> out, T message) {
    out.onNext(message);
    out.onCompleted();
  }
}
