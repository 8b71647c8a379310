package org.idnet.webhooks.endpoints.api;

import com.google.protobuf.Timestamp;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.Optional;
import org.idnet.caller.Caller;
import org.idnet.headers.ForwardedHeader;
import org.idnet.proto.DeterministicBytes;
import org.idnet.webhooks.endpoints.domain.Endpoint;
import org.idnet.webhooks.endpoints.domain.EndpointRegistrar;
import org.idnet.webhooks.endpoints.domain.IdempotencyClaim;
import org.idnet.webhooks.endpoints.domain.RevealedEndpoint;
import org.idnet.webhooks.v1.CreateWebhookEndpointRequest;
import org.idnet.webhooks.v1.CreateWebhookEndpointResponse;
import org.idnet.webhooks.v1.DeleteWebhookEndpointRequest;
import org.idnet.webhooks.v1.DeleteWebhookEndpointResponse;
import org.idnet.webhooks.v1.ListWebhookEndpointsRequest;
import org.idnet.webhooks.v1.ListWebhookEndpointsResponse;
import org.idnet.webhooks.v1.RotateWebhookSecretRequest;
import org.idnet.webhooks.v1.RotateWebhookSecretResponse;
import org.idnet.webhooks.v1.WebhookEndpoint;
import org.idnet.webhooks.v1.WebhookEndpointServiceGrpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's endpoints (role {@code platform}, from the contract). The platform is the
 * caller's client id: every call reaches only that platform's endpoints. Logs name the platform
 * and the endpoint id, never the URL's path or the secret.
 */
public final class WebhookEndpointGrpcService extends WebhookEndpointServiceGrpc.WebhookEndpointServiceImplBase {

  private static final Logger log = LoggerFactory.getLogger(WebhookEndpointGrpcService.class);

  private final EndpointRegistrar registrar;

  public WebhookEndpointGrpcService(EndpointRegistrar registrar) {
    this.registrar = registrar;
  }

  @Override
  public void createWebhookEndpoint(CreateWebhookEndpointRequest request,
      StreamObserver<CreateWebhookEndpointResponse> responses) {
    String platformId = Caller.current().platformId();
    Optional<IdempotencyClaim> claim = ForwardedHeader.IDEMPOTENCY_KEY.current()
        .map(key -> new IdempotencyClaim(key, DeterministicBytes.sha256(request)));
    RevealedEndpoint created = registrar.create(platformId, request.getUrl(), request.getEventTypesList(),
        request.getMaxInFlight(), request.getTimeoutSeconds(), claim);
    log.info("webhook endpoint {} of platform {} registered for {}", created.endpoint().id(), platformId,
        created.endpoint().eventTypes());
    responses.onNext(CreateWebhookEndpointResponse.newBuilder().setEndpoint(revealed(created)).build());
    responses.onCompleted();
  }

  @Override
  public void listWebhookEndpoints(ListWebhookEndpointsRequest request,
      StreamObserver<ListWebhookEndpointsResponse> responses) {
    ListWebhookEndpointsResponse.Builder answer = ListWebhookEndpointsResponse.newBuilder();
    registrar.list(Caller.current().platformId()).forEach(endpoint -> answer.addEndpoints(toProto(endpoint)));
    responses.onNext(answer.build());
    responses.onCompleted();
  }

  @Override
  public void deleteWebhookEndpoint(DeleteWebhookEndpointRequest request,
      StreamObserver<DeleteWebhookEndpointResponse> responses) {
    String platformId = Caller.current().platformId();
    registrar.delete(platformId, request.getEndpointId());
    log.info("webhook endpoint {} of platform {} deleted", request.getEndpointId(), platformId);
    responses.onNext(DeleteWebhookEndpointResponse.getDefaultInstance());
    responses.onCompleted();
  }

  @Override
  public void rotateWebhookSecret(RotateWebhookSecretRequest request,
      StreamObserver<RotateWebhookSecretResponse> responses) {
    String platformId = Caller.current().platformId();
    RevealedEndpoint rotated = registrar.rotateSecret(platformId, request.getEndpointId());
    log.info("webhook endpoint {} of platform {} has a new secret", request.getEndpointId(), platformId);
    responses.onNext(RotateWebhookSecretResponse.newBuilder().setEndpoint(revealed(rotated)).build());
    responses.onCompleted();
  }

  private static WebhookEndpoint revealed(RevealedEndpoint endpoint) {
    return toProto(endpoint.endpoint()).toBuilder().setSecret(endpoint.secret().reveal()).build();
  }

  static WebhookEndpoint toProto(Endpoint endpoint) {
    WebhookEndpoint.Builder proto = WebhookEndpoint.newBuilder()
        .setId(endpoint.id())
        .setUrl(endpoint.url())
        .addAllEventTypes(endpoint.eventTypes())
        .setMaxInFlight(endpoint.maxInFlight())
        .setTimeoutSeconds(endpoint.timeoutSeconds())
        .setCreatedAt(timestamp(endpoint.createdAt()));
    endpoint.disabledAt().ifPresent(at -> proto.setDisabledAt(timestamp(at)));
    endpoint.disabledReason().ifPresent(proto::setDisabledReason);
    return proto.build();
  }

  private static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }
}
