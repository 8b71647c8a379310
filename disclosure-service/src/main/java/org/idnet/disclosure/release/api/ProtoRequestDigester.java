package org.idnet.disclosure.release.api;

import java.util.HexFormat;
import org.idnet.disclosure.api.IdentityFieldMapping;
import org.idnet.disclosure.api.ProtoTime;
import org.idnet.disclosure.release.domain.FiledRequest;
import org.idnet.disclosure.release.domain.RequestDigester;
import org.idnet.proto.DeterministicBytes;

/**
 * A request's digest: SHA-256 over the deterministic serialization of the contract's
 * {@code FiledRequest} (identity_release.proto), lowercase hex. Protobuf's encoding is tagged and
 * length-prefixed, so no two different filings share bytes; identity-service hashes the same
 * message out of the grant and must get the same digest.
 */
public final class ProtoRequestDigester implements RequestDigester {

  @Override
  public String digest(FiledRequest filed) {
    return digestOf(toProto(filed));
  }

  static org.idnet.identity.v1.FiledRequest toProto(FiledRequest filed) {
    org.idnet.identity.v1.FiledRequest.Builder proto = org.idnet.identity.v1.FiledRequest.newBuilder()
        .setRequestId(filed.requestId().toString())
        .setAgencyId(filed.agencyId())
        .setRequestedBy(filed.requestedBy())
        .setPlatformId(filed.platformId())
        .setAccountId(filed.accountId())
        .setLegalBasis(filed.legalBasis())
        .setCaseReference(filed.caseReference())
        .setEmergency(filed.emergency())
        .setFiledAt(ProtoTime.of(filed.filedAt()))
        .setDueAt(ProtoTime.of(filed.dueAt()));
    filed.fields().forEach(field -> proto.addFields(IdentityFieldMapping.toProto(field)));
    return proto.build();
  }

  static String digestOf(org.idnet.identity.v1.FiledRequest filed) {
    return HexFormat.of().formatHex(DeterministicBytes.sha256(filed));
  }
}
