package org.idnet.identity.domain;

import java.util.List;

/** One page of an import's refused lines; {@code nextPageToken} is empty on the last page. */
public record RefusalPage(List<LineRefusal> refusals, String nextPageToken) {

  public RefusalPage {
    refusals = List.copyOf(refusals);
  }
}
