package org.idnet.disclosure.reports.domain;

import java.time.Instant;
import java.util.List;

/** Disclosed requests as notices to the platform. */
public interface NoticeStore {

  /** Disclosures of the account whose confidentiality ended at {@code now} (or had none), oldest first. */
  List<Notice> noticesOf(String platformId, String accountId, Instant now);
}
