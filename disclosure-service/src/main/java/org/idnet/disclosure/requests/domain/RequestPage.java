package org.idnet.disclosure.requests.domain;

import java.util.List;

/** One page of a listing; {@code nextPageToken} is empty on the last page. */
public record RequestPage(List<DisclosureRequest> requests, String nextPageToken) {

  public RequestPage {
    requests = List.copyOf(requests);
  }
}
