package org.idnet.identity.domain;

/** An identity field a disclosure grant may name. */
public enum GrantedField {
  FULL_NAME,
  DATE_OF_BIRTH,
  NATIONAL_ID,
  PHONE_NUMBER,
  /**
   * A value this service does not know (a newer contract, or none at all): a grant naming one is
   * refused rather than half-served, so the disclosure service never believes it got more.
   */
  UNRECOGNISED
}
