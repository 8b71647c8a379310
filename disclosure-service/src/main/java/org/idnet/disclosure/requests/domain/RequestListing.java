package org.idnet.disclosure.requests.domain;

import java.util.List;

/** One agency's requests, newest first, a page at a time. */
public interface RequestListing {

  /**
   * @param status only this status; null: all
   * @param after the last request of the previous page; null: from the newest
   */
  List<DisclosureRequest> page(String agencyId, DisclosureStatus status, PageCursor after, int limit);
}
