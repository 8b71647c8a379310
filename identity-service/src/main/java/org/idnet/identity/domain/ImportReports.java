package org.idnet.identity.domain;

import java.util.List;

/** What an import came to so far, for its own platform only (else IMPORT_NOT_FOUND). */
public interface ImportReports {

  ImportProgress progress(String platformId, ImportId id);

  /** Refused lines with line numbers above {@code afterLine}, by line number, at most {@code limit}. */
  List<LineRefusal> refusals(String platformId, ImportId id, int afterLine, int limit);
}
