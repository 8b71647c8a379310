package org.idnet.gateway;

import org.idnet.headers.ForwardedHeader;
import org.idnet.identity.v1.GetHostedSessionRequest;
import org.idnet.identity.v1.GetHostedSessionResponse;
import org.idnet.identity.v1.HostedSessionServiceGrpc;
import org.idnet.identity.v1.OpenHostedSessionRequest;
import org.idnet.identity.v1.OpenHostedSessionResponse;
import org.idnet.identity.v1.ResolveHostedSessionRequest;
import org.idnet.identity.v1.ResolveHostedSessionResponse;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.idnet.caller.Caller;
import org.idnet.caller.CallerServerInterceptor;
import org.idnet.caller.PeerResolver;
import org.idnet.identity.v1.AccountVerification;
import org.idnet.identity.v1.AccountVerificationServiceGrpc;
import org.idnet.identity.v1.Capability;
import org.idnet.identity.v1.CheckAccountRequest;
import org.idnet.identity.v1.CheckAccountResponse;
import org.idnet.identity.v1.VerificationLevel;
import org.idnet.identity.v1.VerificationStatus;
import org.idnet.otp.v1.CheckPhoneVerificationRequest;
import org.idnet.otp.v1.CheckPhoneVerificationResponse;
import org.idnet.otp.v1.CreatePhoneVerificationRequest;
import org.idnet.otp.v1.CreatePhoneVerificationResponse;
import org.idnet.otp.v1.GetPhoneVerificationRequest;
import org.idnet.otp.v1.GetPhoneVerificationResponse;
import org.idnet.otp.v1.PhoneVerification;
import org.idnet.otp.v1.PhoneVerificationServiceGrpc;
import org.idnet.otp.v1.PhoneVerificationStatus;

/**
 * Stand-ins for phone-otp-service and identity-service behind the gateway under test: real gRPC
 * servers on real sockets over mutual TLS with the services' test certificates, with the real
 * caller interceptor, answering fixed data and the error
 * shapes the real services send. (The real services are behind the gateway in the sandbox
 * module's end-to-end test.)
 */
final class FakeBackends implements AutoCloseable {

  final List<Caller> callers = new CopyOnWriteArrayList<>();

  /** The callers of the calls made for one client: each test uses clients of its own. */
  List<Caller> callersOf(String clientId) {
    return callers.stream().filter(c -> c.clientId().equals(clientId)).toList();
  }

  /** The idempotency-key metadata of every call to phone-otp (null where none came). */
  final List<String> idempotencyKeys = new CopyOnWriteArrayList<>();
  final AtomicInteger flakyGets = new AtomicInteger();
  final AtomicInteger flakyCreates = new AtomicInteger();
  final AtomicInteger cutGets = new AtomicInteger();
  final Server otp;
  /** The disclosure request routes, served by the same server as phone-otp's. */
  final FakeDisclosure disclosure = new FakeDisclosure();
  final int identityPort;
  private final CallerServerInterceptor callerCheck = new CallerServerInterceptor(PeerResolver.mutualTls());
  private Server identity;

  FakeBackends() throws IOException {
    this.otp = NettyServerBuilder.forPort(0, TestTls.of("phone-otp-service").serverCredentials())
        .addService(ServerInterceptors.intercept(new Otp(), callerCheck, recordIdempotencyKeys()))
        .addService(ServerInterceptors.intercept(disclosure, disclosure.recorder(), callerCheck))
        .build().start();
    this.identity = startIdentity(0);
    this.identityPort = identity.getPort();
  }

  private Server startIdentity(int port) throws IOException {
    return NettyServerBuilder.forPort(port, TestTls.of("identity-service").serverCredentials())
        .addService(ServerInterceptors.intercept(new Identity(), callerCheck))
        .addService(ServerInterceptors.intercept(new HostedSessions(), callerCheck, ForwardedHeader.IDNET_SESSION))
        .build().start();
  }

  void stopIdentity() throws InterruptedException {
    identity.shutdownNow().awaitTermination();
  }

  void startIdentityAgain() throws IOException {
    identity = startIdentity(identityPort);
  }

  void startIdentityAgainIfStopped() throws IOException {
    if (identity.isShutdown()) {
      startIdentityAgain();
    }
  }

  private ServerInterceptor recordIdempotencyKeys() {
    Metadata.Key<String> key = Metadata.Key.of("idempotency-key", Metadata.ASCII_STRING_MARSHALLER);
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        idempotencyKeys.add(String.valueOf(headers.get(key)));
        return next.startCall(call, headers);
      }
    };
  }

  @Override
  public void close() {
    otp.shutdownNow();
    identity.shutdownNow();
  }

  private static io.grpc.StatusRuntimeException error(Status.Code code, String reason, String description, Any... extra) {
    var status = com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage(description)
        .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain("idnet.org").build()));
    for (Any any : extra) {
      status.addDetails(any);
    }
    return StatusProto.toStatusRuntimeException(status.build());
  }

  private static PhoneVerification verification(String id, String accountId) {
    return PhoneVerification.newBuilder().setId(id).setAccountId(accountId).setPhoneNumber("+8491*****78")
        .setStatus(PhoneVerificationStatus.PENDING).setAttemptsRemaining(5).build();
  }

  private final class Otp extends PhoneVerificationServiceGrpc.PhoneVerificationServiceImplBase {
    @Override
    public void createPhoneVerification(CreatePhoneVerificationRequest request,
        StreamObserver<CreatePhoneVerificationResponse> out) {
      callers.add(Caller.current());
      if (request.getAccountId().equals("flaky")) {
        flakyCreates.incrementAndGet();
        out.onError(Status.UNAVAILABLE.withDescription("overloaded").asRuntimeException());
        return;
      }
      if (!request.getPhoneNumber().startsWith("09") && !request.getPhoneNumber().startsWith("+84")) {
        out.onError(error(Status.Code.INVALID_ARGUMENT, "invalid-phone-number", "not a valid mobile number",
            Any.pack(com.google.rpc.BadRequest.newBuilder().addFieldViolations(
                com.google.rpc.BadRequest.FieldViolation.newBuilder().setField("phoneNumber")
                    .setDescription("not a valid mobile number")).build())));
        return;
      }
      out.onNext(CreatePhoneVerificationResponse.newBuilder()
          .setPhoneVerification(verification("pv-1", request.getAccountId())).build());
      out.onCompleted();
    }

    @Override
    public void getPhoneVerification(GetPhoneVerificationRequest request, StreamObserver<GetPhoneVerificationResponse> out) {
      callers.add(Caller.current());
      switch (request.getId()) {
        case "flaky" -> {
          flakyGets.incrementAndGet();
          out.onError(Status.UNAVAILABLE.withDescription("overloaded").asRuntimeException());
        }
        case "store-down" -> out.onError(error(Status.Code.UNAVAILABLE, "store-unavailable", "the code store is unavailable"));
        case "closed" -> out.onError(error(Status.Code.FAILED_PRECONDITION, "verification-closed", "no longer pending"));
        case "gone" -> out.onError(error(Status.Code.FAILED_PRECONDITION, "package-expired", "the package has expired"));
        case "slow-down" -> out.onError(error(Status.Code.RESOURCE_EXHAUSTED, "resend-too-soon", "wait",
            Any.pack(RetryInfo.newBuilder().setRetryDelay(Duration.newBuilder().setSeconds(42)).build())));
        // A bug of the service: INTERNAL with ErrorInfo "internal", as every idnet service sends it
        // (here with a description that must not reach the client).
        case "boom" -> out.onError(error(Status.Code.INTERNAL, "internal", "NullPointerException at Secret.java:42"));
        // What grpc-java reports when the backend's connection dies in the middle of its answer.
        case "cut" -> {
          cutGets.incrementAndGet();
          out.onError(Status.INTERNAL.withDescription("Encountered end-of-stream mid-frame").asRuntimeException());
        }
        case "pv-1" -> {
          out.onNext(GetPhoneVerificationResponse.newBuilder().setPhoneVerification(verification("pv-1", "acc-1")).build());
          out.onCompleted();
        }
        default -> out.onError(error(Status.Code.NOT_FOUND, "not-found", "no such verification"));
      }
    }

    @Override
    public void checkPhoneVerification(CheckPhoneVerificationRequest request,
        StreamObserver<CheckPhoneVerificationResponse> out) {
      out.onNext(CheckPhoneVerificationResponse.newBuilder()
          .setPhoneVerification(verification(request.getId(), "acc-1").toBuilder().setStatus(PhoneVerificationStatus.APPROVED))
          .build());
      out.onCompleted();
    }
  }

  /** The one hosted session identity resolves: {@link #SESSION_ID}.{@link #SESSION_SECRET}. */
  static final String SESSION_ID = "vs_AAAAAAAAAAAAAAAAAAAAAA";
  static final String SESSION_SECRET = "s".repeat(43);
  static final String SESSION_PLATFORM = "hosted-platform";
  static final List<String> SESSION_SCOPE = List.of("acc-in-session", "guardian-in-session");
  /** Sessions resolved, and the Idnet-Session metadata identity saw on the hosted-pages methods. */
  final List<String> resolved = new CopyOnWriteArrayList<>();
  final List<String> sessionHeaders = new CopyOnWriteArrayList<>();

  private final class HostedSessions extends HostedSessionServiceGrpc.HostedSessionServiceImplBase {
    @Override
    public void resolveHostedSession(ResolveHostedSessionRequest request,
        StreamObserver<ResolveHostedSessionResponse> out) {
      resolved.add(request.getSessionId());
      if (!request.getSessionId().equals(SESSION_ID) || !request.getSessionSecret().equals(SESSION_SECRET)) {
        out.onError(error(Status.Code.NOT_FOUND, "hosted-session-not-found", "no such hosted session"));
        return;
      }
      out.onNext(ResolveHostedSessionResponse.newBuilder().setSessionId(SESSION_ID).setPlatformId(SESSION_PLATFORM)
          .addAllAccountScope(SESSION_SCOPE).build());
      out.onCompleted();
    }

    /** Every launch token is unknown here (what garbage typed into the launch address gets). */
    @Override
    public void openHostedSession(OpenHostedSessionRequest request, StreamObserver<OpenHostedSessionResponse> out) {
      out.onError(error(Status.Code.NOT_FOUND, "hosted-session-not-found", "no such launch token"));
    }

    @Override
    public void getHostedSession(GetHostedSessionRequest request, StreamObserver<GetHostedSessionResponse> out) {
      callers.add(Caller.current());
      sessionHeaders.add(ForwardedHeader.IDNET_SESSION.current().orElse("<none>"));
      out.onNext(GetHostedSessionResponse.newBuilder()
          .setSession(org.idnet.identity.v1.HostedSession.newBuilder().setId(request.getSessionId())).build());
      out.onCompleted();
    }
  }

  private final class Identity extends AccountVerificationServiceGrpc.AccountVerificationServiceImplBase {
    @Override
    public void checkAccount(CheckAccountRequest request, StreamObserver<CheckAccountResponse> out) {
      callers.add(Caller.current());
      if (request.getAccountId().equals("store-down")) {
        out.onError(error(Status.Code.UNAVAILABLE, "store-unavailable", "the account store is unavailable"));
        return;
      }
      if (request.getAccountId().startsWith("slow")) {
        try {
          Thread.sleep(300);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      out.onNext(CheckAccountResponse.newBuilder().setVerification(AccountVerification.newBuilder()
          .setAccountId(request.getAccountId())
          .setStatus(VerificationStatus.VERIFIED)
          .setLevel(VerificationLevel.PHONE)
          .addCapabilities(Capability.COMMENT).addCapabilities(Capability.POST)
          .setAgeBand(org.idnet.identity.v1.AgeBand.UNKNOWN)).build());
      out.onCompleted();
    }
  }
}
