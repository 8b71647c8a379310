package org.idnet.disclosure.requests.api;

import java.util.ArrayList;
import java.util.List;
import org.idnet.disclosure.api.IdentityFieldMapping;
import org.idnet.disclosure.api.ProtoTime;
import org.idnet.disclosure.release.domain.IdentityField;
import org.idnet.disclosure.requests.domain.DisclosurePackageView;
import org.idnet.disclosure.requests.domain.DisclosureRequest;
import org.idnet.disclosure.requests.domain.DisclosureStatus;
import org.idnet.disclosure.requests.domain.NewRequest;
import org.idnet.disclosure.requests.domain.RequestTarget;
import org.idnet.disclosure.v1.CreateDisclosureRequestRequest;
import org.idnet.disclosure.v1.DisclosurePackage;
import org.idnet.disclosure.v1.DisclosureTarget;

/** Contract messages to domain values and back; proto types never go further than this package. */
final class RequestMapping {

  private RequestMapping() {
  }

  static NewRequest newRequest(CreateDisclosureRequestRequest m) {
    return new NewRequest(new RequestTarget(m.getTarget().getPlatformId(), m.getTarget().getAccountId()),
        m.getLegalBasis(), m.getCaseReference(), fieldsOf(m.getFieldsList()), m.getJustification(),
        m.getEmergency(), m.hasConfidentialUntil() ? ProtoTime.parse("confidentialUntil", m.getConfidentialUntil())
        : null);
  }

  /** Unknown values (and UNSPECIFIED) become null, which validation refuses naming the field. */
  static List<IdentityField> fieldsOf(List<org.idnet.identity.v1.IdentityField> fields) {
    List<IdentityField> out = new ArrayList<>(fields.size());
    fields.forEach(field -> out.add(IdentityFieldMapping.fromProto(field)));
    return out;
  }

  /** UNSPECIFIED: no filter. */
  static DisclosureStatus statusOf(org.idnet.disclosure.v1.DisclosureStatus status) {
    return switch (status) {
      case DISCLOSURE_STATUS_UNSPECIFIED -> null;
      case UNRECOGNIZED -> throw org.idnet.disclosure.requests.domain.DisclosureException.invalid("status",
          "status is not one of api.md's statuses");
      default -> DisclosureStatus.valueOf(status.name());
    };
  }

  static org.idnet.disclosure.v1.DisclosureRequest toProto(DisclosureRequest r) {
    org.idnet.disclosure.v1.DisclosureRequest.Builder b = org.idnet.disclosure.v1.DisclosureRequest.newBuilder()
        .setId(r.id().toString())
        .setAgencyId(r.agencyId())
        .setRequestedBy(r.requestedBy())
        .setTarget(DisclosureTarget.newBuilder().setPlatformId(r.target().platformId())
            .setAccountId(r.target().accountId()))
        .setLegalBasis(r.legalBasis())
        .setCaseReference(r.caseReference())
        .setJustification(r.justification())
        .setEmergency(r.emergency())
        .setStatus(org.idnet.disclosure.v1.DisclosureStatus.valueOf(r.status().name()))
        .setCreatedAt(ProtoTime.of(r.createdAt()))
        .setDueAt(ProtoTime.of(r.dueAt()));
    r.fields().forEach(f -> b.addFields(IdentityFieldMapping.toProto(f)));
    if (r.decidedBy() != null) {
      b.setDecidedBy(r.decidedBy());
    }
    if (r.decidedAt() != null) {
      b.setDecidedAt(ProtoTime.of(r.decidedAt()));
    }
    if (r.digest() != null) {
      b.setDigest(r.digest());
    }
    if (r.decisionNote() != null) {
      b.setDecisionNote(r.decisionNote());
    }
    if (r.disclosedAt() != null) {
      b.setDisclosedAt(ProtoTime.of(r.disclosedAt()));
    }
    if (r.packageExpiresAt() != null) {
      b.setPackageExpiresAt(ProtoTime.of(r.packageExpiresAt()));
    }
    if (r.confidentialUntil() != null) {
      b.setConfidentialUntil(ProtoTime.of(r.confidentialUntil()));
    }
    if (r.releaseRefusal() != null) {
      b.setReleaseRefusal(r.releaseRefusal());
    }
    return b.build();
  }

  static DisclosurePackage toProto(DisclosurePackageView view) {
    return DisclosurePackage.newBuilder()
        .setRequestId(view.requestId().toString())
        .setFields(IdentityFieldMapping.toProto(view.fields()))
        .setDisclosedAt(ProtoTime.of(view.disclosedAt()))
        .setExpiresAt(ProtoTime.of(view.expiresAt()))
        .build();
  }
}
