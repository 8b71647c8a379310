package org.idnet.caller.evidence;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Optional;
import org.idnet.api.v1.AccessPolicy;
import org.idnet.caller.AccessPolicies;
import org.idnet.caller.Caller;

/**
 * Runs after the caller check, on methods whose access policy asks for evidence (a person's
 * authority: filing, deciding, cancelling, reading a package). The caller the gateway states is
 * not enough there: the call must carry the official's own access token, which no idnet process
 * can forge, and it must name that same caller. Refused otherwise ({@link EvidenceRefusals}, each
 * with a reason the gateway answers as a problem of its own): UNAUTHENTICATED when the token is
 * missing or no evidence (bad signature, issuer, audience, expired), PERMISSION_DENIED when it is
 * valid but names someone else or lacks the method's role, UNAVAILABLE when the issuer's keys
 * could not be fetched to check it. The verified evidence is then in the context
 * ({@link Evidence#current()}) for the handler to keep.
 */
public final class EvidenceServerInterceptor implements ServerInterceptor {

  private final EvidenceVerifier verifier;

  public EvidenceServerInterceptor(EvidenceVerifier verifier) {
    this.verifier = verifier;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    Optional<AccessPolicy> policy = AccessPolicies.of(call.getMethodDescriptor());
    if (policy.isEmpty() || !policy.get().getEvidence()) {
      return next.startCall(call, headers);
    }
    Caller caller;
    try {
      caller = Caller.current();
    } catch (IllegalStateException e) {
      return refuse(call, Status.UNAUTHENTICATED.withDescription("no caller identity"));
    }
    String token = headers.get(EvidenceMetadata.EVIDENCE);
    if (token == null) {
      return refuse(call, EvidenceRefusals.refused(Status.Code.UNAUTHENTICATED, "missing",
          "this method needs the official's own access token (x-idnet-evidence)"));
    }
    Evidence evidence;
    try {
      evidence = verifier.verify(token, true);
    } catch (InvalidEvidenceException e) {
      return refuse(call, EvidenceRefusals.KEYS_UNAVAILABLE.equals(e.check()) ? EvidenceRefusals.keysUnavailable()
          : EvidenceRefusals.refused(Status.Code.UNAUTHENTICATED, e.check(), e.getMessage()));
    }
    String mismatch = mismatch(caller, evidence, policy.get());
    if (mismatch != null) {
      return refuse(call, EvidenceRefusals.refused(Status.Code.PERMISSION_DENIED, mismatch,
          "the official's token does not name the caller the call states"));
    }
    return Contexts.interceptCall(Context.current().withValue(Evidence.CONTEXT_KEY, evidence), call, headers, next);
  }

  /** The first claim on which the token and the stated caller disagree; null when none does. */
  static String mismatch(Caller caller, Evidence evidence, AccessPolicy policy) {
    if (!evidence.clientId().equals(caller.clientId())) {
      return "client";
    }
    if (!evidence.official().equals(caller.subject())) {
      return "official";
    }
    if (!evidence.agencyId().equals(caller.agencyId())) {
      return "agency";
    }
    if (!evidence.roles().containsAll(caller.roles()) || !evidence.hasAnyRole(policy.getRolesList())) {
      return "roles";
    }
    return null;
  }

  private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status) {
    return refuse(call, status.asRuntimeException());
  }

  private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, StatusRuntimeException refusal) {
    call.close(refusal.getStatus(), refusal.getTrailers() == null ? new Metadata() : refusal.getTrailers());
    return new ServerCall.Listener<>() {
    };
  }
}
