package org.idnet.client.imports;

/** Where an import stands. */
public enum ImportStatus {
  /** Batches are accepted, and processed as they arrive. */
  OPEN,
  /** Completed; some batches still wait to be processed. */
  PROCESSING,
  /** Completed and every line bound or refused. */
  DONE,
  /** A value this version of the client does not know (the API only grows by adding). */
  UNRECOGNIZED
}
