package org.idnet.identity.domain;

import java.util.List;

/**
 * A batch processed and committed.
 *
 * @param boundAccounts the accounts that got a binding, whose cached answers are now stale
 */
public record ProcessedBatch(ImportId importId, int batchNumber, int linesBound, int linesRefused,
    List<AccountRef> boundAccounts) {

  public ProcessedBatch {
    boundAccounts = List.copyOf(boundAccounts);
  }
}
