package org.idnet.disclosure.audit.api;

import com.google.protobuf.ByteString;
import org.idnet.audit.verifier.AuditEntry;
import org.idnet.audit.verifier.Verification;
import org.idnet.disclosure.api.ProtoTime;
import org.idnet.disclosure.v1.AuditCheckpoint;
import org.idnet.disclosure.v1.AuditVerification;

/** Audit values to the contract's messages (hashes as lowercase hex, times as Timestamps). */
final class AuditProtoMapping {

  private AuditProtoMapping() {
  }

  static org.idnet.disclosure.v1.AuditEntry entry(AuditEntry e) {
    return org.idnet.disclosure.v1.AuditEntry.newBuilder()
        .setSeq(e.seq())
        .setAt(ProtoTime.of(e.at()))
        .setType(e.type())
        .setActor(e.actor())
        .setRequestId(e.requestId())
        .setAgencyId(e.agencyId())
        .setPrevHash(e.prevHash().hex())
        .setHash(e.hash().hex())
        .build();
  }

  static AuditCheckpoint checkpoint(org.idnet.audit.verifier.AuditCheckpoint c) {
    return AuditCheckpoint.newBuilder()
        .setSize(c.size())
        .setRootHash(c.rootHash().hex())
        .setIssuedAt(ProtoTime.of(c.issuedAt()))
        .setSignature(ByteString.copyFrom(c.signature()))
        .setKeyId(c.keyId())
        .build();
  }

  static AuditVerification verification(Verification v) {
    AuditVerification.Builder out = AuditVerification.newBuilder().setValid(v.valid()).setSize(v.size());
    v.badSeq().ifPresent(out::setFirstBadSeq);
    v.problemText().ifPresent(out::setProblem);
    return out.build();
  }
}
