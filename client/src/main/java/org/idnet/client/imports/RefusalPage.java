package org.idnet.client.imports;

import java.util.List;

/** One page of refused lines; {@code nextAfterLine} is 0 on the last page. */
public record RefusalPage(List<LineRefusal> refusals, int nextAfterLine) {

  public RefusalPage {
    refusals = List.copyOf(refusals);
  }
}
