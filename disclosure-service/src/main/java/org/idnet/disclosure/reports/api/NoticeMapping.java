package org.idnet.disclosure.reports.api;

import org.idnet.disclosure.api.ProtoTime;
import org.idnet.disclosure.reports.domain.Notice;
import org.idnet.disclosure.v1.DisclosureNotice;
import org.idnet.identity.v1.IdentityField;

/** A notice as the contract shows it: ListAccountNotices and the notice.available event alike. */
public final class NoticeMapping {

  private NoticeMapping() {
  }

  public static DisclosureNotice toProto(Notice notice) {
    DisclosureNotice.Builder n = DisclosureNotice.newBuilder().setAgencyId(notice.agencyId())
        .setLegalBasis(notice.legalBasis()).setDisclosedAt(ProtoTime.of(notice.disclosedAt()));
    notice.fields().forEach(f -> n.addFields(IdentityField.valueOf(f.name())));
    return n.build();
  }
}
