package org.idnet.disclosure.requests;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.idnet.disclosure.release.domain.DisclosedFields;
import org.idnet.disclosure.release.domain.PhoneSource;
import org.idnet.identity.v1.DisclosureGrant;
import org.idnet.identity.v1.IdentityField;
import org.idnet.identity.v1.IdentityFields;
import org.idnet.identity.v1.IdentityReleaseServiceGrpc;
import org.idnet.identity.v1.ReleaseIdentityRequest;
import org.idnet.identity.v1.ReleaseIdentityResponse;

/**
 * identity-service's ReleaseIdentity as the workflow meets it, on an in-process gRPC server: it
 * checks the grant (Ed25519 signature with the published key, audience, expiry, single use) and
 * releases exactly the granted fields of one synthetic person, after following a script of
 * failures (unavailable, refused, not found). A stand-in for another service, not for PostgreSQL.
 */
public final class FakeIdentityService extends IdentityReleaseServiceGrpc.IdentityReleaseServiceImplBase {

  /** What one release call does. */
  public enum Answer { RELEASE, UNAVAILABLE, REFUSE, NOT_FOUND }

  public static final DisclosedFields PERSON = new DisclosedFields("Nguyễn Thị Mai", "001190012345",
      "1990-04-12", "+84912345678", PhoneSource.OTP, null);

  private final Supplier<KeysetHandle> publicGrantKeys;
  private final Clock clock;
  private final Set<String> used = ConcurrentHashMap.newKeySet();
  private final Deque<Scripted> script = new ArrayDeque<>();
  private final List<String> presented = Collections.synchronizedList(new ArrayList<>());
  private final java.util.Queue<DisclosureGrant> grants = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private volatile Instant importedPhoneVerifiedAt;

  /** @param publicGrantKeys the grant-signing public keyset, read when a grant arrives (as published) */
  public FakeIdentityService(Supplier<KeysetHandle> publicGrantKeys, Clock clock) {
    this.publicGrantKeys = publicGrantKeys;
    this.clock = clock;
  }

  /** One scripted answer; a refusal names {@code check} in its ErrorInfo metadata, as identity-service does (none when null). */
  private record Scripted(Answer answer, String check) {
  }

  /** The next calls answer these, in order; then releases as normal. */
  public synchronized void script(Answer... answers) {
    for (Answer answer : answers) {
      script.add(new Scripted(answer, null));
    }
  }

  /** The next call is refused naming {@code check}, as identity-service names the check that failed. */
  public synchronized void scriptRefusal(String check) {
    script.add(new Scripted(Answer.REFUSE, check));
  }

  /**
   * From now on the person's number is released as identity-service releases a binding a platform
   * imported: labelled IMPORTED with the date the platform verified it; null: proven by an OTP again.
   */
  public void phoneImported(Instant platformVerifiedAt) {
    importedPhoneVerifiedAt = platformVerifiedAt;
  }

  /** The grants presented, parsed, in order. */
  public List<DisclosureGrant> grants() {
    return List.copyOf(grants);
  }

  /** Grant ids presented, in order. */
  public List<String> presentedGrants() {
    return List.copyOf(presented);
  }

  @Override
  public void releaseIdentity(ReleaseIdentityRequest request, StreamObserver<ReleaseIdentityResponse> out) {
    DisclosureGrant grant;
    try {
      grant = DisclosureGrant.parseFrom(request.getGrant());
    } catch (InvalidProtocolBufferException e) {
      out.onError(refused("grant does not parse"));
      return;
    }
    presented.add(grant.getGrantId());
    grants.add(grant);
    Scripted scripted;
    synchronized (this) {
      scripted = script.isEmpty() ? new Scripted(Answer.RELEASE, null) : script.poll();
    }
    Answer answer = scripted.answer();
    if (answer == Answer.UNAVAILABLE) {
      out.onError(Status.UNAVAILABLE.withDescription("scripted outage").asRuntimeException());
      return;
    }
    try {
      publicGrantKeys.get().getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class)
          .verify(request.getSignature().toByteArray(), request.getGrant().toByteArray());
    } catch (GeneralSecurityException e) {
      out.onError(refused("signature does not verify"));
      return;
    }
    Instant expiresAt = Instant.ofEpochSecond(grant.getExpiresAt().getSeconds(), grant.getExpiresAt().getNanos());
    if (answer == Answer.REFUSE) {
      out.onError(refused("grant refused (" + scripted.check() + "): scripted", scripted.check()));
      return;
    }
    if (!"identity-service".equals(grant.getAudience()) || !clock.instant().isBefore(expiresAt)
        || !used.add(grant.getGrantId())) {
      out.onError(refused("grant refused (audience, expiry or replay)"));
      return;
    }
    ReleaseIdentityResponse.Builder response = ReleaseIdentityResponse.newBuilder().setFound(answer == Answer.RELEASE);
    if (answer == Answer.RELEASE) {
      IdentityFields.Builder fields = IdentityFields.newBuilder();
      List<IdentityField> granted = grant.getFieldsList();
      if (granted.contains(IdentityField.FULL_NAME)) {
        fields.setFullName(PERSON.fullName());
      }
      if (granted.contains(IdentityField.NATIONAL_ID)) {
        fields.setNationalId(PERSON.nationalId());
      }
      if (granted.contains(IdentityField.DATE_OF_BIRTH)) {
        fields.setDateOfBirth(PERSON.dateOfBirth());
      }
      if (granted.contains(IdentityField.PHONE_NUMBER)) {
        fields.setPhoneNumber(PERSON.phoneNumber());
        Instant imported = importedPhoneVerifiedAt;
        if (imported == null) {
          fields.setPhoneSource(org.idnet.identity.v1.PhoneSource.OTP);
        } else {
          fields.setPhoneSource(org.idnet.identity.v1.PhoneSource.IMPORTED).setPhonePlatformVerifiedAt(
              com.google.protobuf.Timestamp.newBuilder().setSeconds(imported.getEpochSecond()).setNanos(imported.getNano()));
        }
      }
      response.setFields(fields);
    }
    out.onNext(response.build());
    out.onCompleted();
  }

  private static RuntimeException refused(String why) {
    return refused(why, null);
  }

  private static RuntimeException refused(String why, String check) {
    ErrorInfo.Builder info = ErrorInfo.newBuilder().setReason("grant-refused").setDomain("idnet.org");
    if (check != null) {
      info.putMetadata("check", check);
    }
    return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
        .setCode(Code.PERMISSION_DENIED.getNumber()).setMessage(why).addDetails(Any.pack(info.build())).build());
  }
}
