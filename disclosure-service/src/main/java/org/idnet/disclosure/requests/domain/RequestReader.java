package org.idnet.disclosure.requests.domain;

import java.util.List;
import java.util.UUID;

/** Reads requests for agency staff: only their own agency's, others answer like unknown ids. */
public final class RequestReader {

  static final int DEFAULT_PAGE_SIZE = 20;
  static final int MAX_PAGE_SIZE = 100;

  private final RequestStore requests;
  private final RequestListing listing;
  private final Transactions transactions;

  public RequestReader(RequestStore requests, RequestListing listing, Transactions transactions) {
    this.requests = requests;
    this.listing = listing;
    this.transactions = transactions;
  }

  public DisclosureRequest get(Official official, String id) {
    requireStaff(official);
    UUID requestId = RequestValidation.requestId(id);
    return transactions.inTransaction(() -> requests.find(requestId, false))
        .filter(official::sameAgency)
        .orElseThrow(DisclosureException::notFound);
  }

  /**
   * @param status only this status; null: all
   * @param pageSize 1-100; 0: the default (20)
   * @param pageToken empty: the first page
   */
  public RequestPage list(Official official, DisclosureStatus status, int pageSize, String pageToken) {
    requireStaff(official);
    if (pageSize < 0 || pageSize > MAX_PAGE_SIZE) {
      throw DisclosureException.invalid("pageSize", "pageSize must be 1-" + MAX_PAGE_SIZE);
    }
    int size = pageSize == 0 ? DEFAULT_PAGE_SIZE : pageSize;
    PageCursor after = pageToken == null || pageToken.isEmpty() ? null : PageCursor.parse(pageToken);
    // One more than asked tells whether another page exists without a count query.
    List<DisclosureRequest> rows = transactions.inTransaction(
        () -> listing.page(official.agencyId(), status, after, size + 1));
    if (rows.size() <= size) {
      return new RequestPage(rows, "");
    }
    List<DisclosureRequest> page = rows.subList(0, size);
    return new RequestPage(page, PageCursor.after(page.get(size - 1)).token());
  }

  private static void requireStaff(Official official) {
    official.requireAgency();
    if (!official.isOfficer() && !official.isSupervisor()) {
      throw DisclosureException.of(Refusal.FORBIDDEN, "only agency officers and supervisors read requests");
    }
  }
}
