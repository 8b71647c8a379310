package org.idnet.disclosure.audit.domain;

/** An auditor's query out of range; the message is safe to show and names the field. */
public final class InvalidAuditQueryException extends RuntimeException {

  private final String field;

  public InvalidAuditQueryException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The request field at fault, as its lowerCamelCase JSON name. */
  public String field() {
    return field;
  }
}
