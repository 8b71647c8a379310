package org.idnet.identity.domain;

/** Where an import stands; derived from its rows, never stored. */
public enum ImportStatus {
  /** Batches are accepted (and processed as they arrive). */
  OPEN,
  /** Completed: no batch is accepted; some still wait to be processed. */
  PROCESSING,
  /** Completed and every batch processed. */
  DONE
}
