package org.idnet.disclosure.release.domain;

/** Identity fields a lawful disclosure may name. */
public enum IdentityField {
  FULL_NAME,
  DATE_OF_BIRTH,
  NATIONAL_ID,
  PHONE_NUMBER
}
