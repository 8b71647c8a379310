package org.idnet.disclosure.requests.domain;

/** Whose access token a request keeps as evidence of four eyes. */
public enum EvidenceRole {
  /** The officer who filed the request, at filing. */
  FILER,
  /** The supervisor who approved it, at approval. */
  APPROVER
}
