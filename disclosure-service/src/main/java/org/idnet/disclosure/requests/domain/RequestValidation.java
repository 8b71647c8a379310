package org.idnet.disclosure.requests.domain;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.idnet.disclosure.release.domain.IdentityField;

/**
 * Input rules of api.md for disclosure requests. Bad shape is INVALID_ARGUMENT naming the field;
 * asking for more than the legal basis allows is a refusal of its own (FAILED_PRECONDITION).
 */
public final class RequestValidation {

  private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
  /** The contract's rule (DisclosureTarget.platform_id), identity-service's too: 1-128 visible ASCII. */
  private static final Pattern PLATFORM_ID = Pattern.compile("[!-~]{1,128}");
  static final int MAX_CASE_REFERENCE = 100;
  static final int MAX_TEXT = 2000;

  private RequestValidation() {
  }

  /** Checks a new request against api.md and the catalogue (the basis it cites must allow its fields). */
  static void validate(NewRequest request, LegalBasisCatalogue catalogue, Instant now) {
    RequestTarget target = request.target();
    platformId("target.platformId", target == null ? null : target.platformId());
    accountId("target.accountId", target == null ? null : target.accountId());
    if (request.legalBasis() == null || request.legalBasis().isBlank()) {
      throw DisclosureException.invalid("legalBasis", "legalBasis is required");
    }
    text("caseReference", request.caseReference(), MAX_CASE_REFERENCE, false, true);
    text("justification", request.justification(), MAX_TEXT, true, true);
    List<IdentityField> fields = request.fields();
    if (fields.isEmpty()) {
      throw DisclosureException.invalid("fields", "name at least one field");
    }
    Set<IdentityField> seen = EnumSet.noneOf(IdentityField.class);
    for (IdentityField field : fields) {
      if (field == null) {
        throw DisclosureException.invalid("fields", "fields may only be FULL_NAME, DATE_OF_BIRTH, NATIONAL_ID, PHONE_NUMBER");
      }
      if (!seen.add(field)) {
        throw DisclosureException.invalid("fields", "field " + field + " is named twice");
      }
    }
    if (request.confidentialUntil() != null && !request.confidentialUntil().isAfter(now)) {
      throw DisclosureException.invalid("confidentialUntil", "confidentialUntil must be in the future");
    }
    catalogue.permitting(request.legalBasis(), seen, request.emergency());
  }

  /** A platform's account id: 1-128 of [A-Za-z0-9._:@-]. */
  public static void accountId(String field, String value) {
    if (value == null || !ACCOUNT_ID.matcher(value).matches()) {
      throw DisclosureException.invalid(field, field + " must be 1-128 characters of A-Z a-z 0-9 . _ : @ -");
    }
  }

  /** A platform id (a client id): 1-128 visible ASCII characters. */
  public static void platformId(String field, String value) {
    if (value == null || !PLATFORM_ID.matcher(value).matches()) {
      throw DisclosureException.invalid(field, field + " must be 1-128 visible ASCII characters");
    }
  }

  /**
   * Free text of 1 (or 0 when not {@code required}) to {@code max} characters without control
   * characters (line breaks allowed where {@code multiline}), so nothing odd reaches logs or CSVs.
   */
  static void text(String field, String value, int max, boolean multiline, boolean required) {
    String text = value == null ? "" : value;
    int length = text.codePointCount(0, text.length());
    if (required && text.isBlank() || length > max) {
      throw DisclosureException.invalid(field, field + " must be " + (required ? 1 : 0) + "-" + max + " characters");
    }
    boolean printable = text.codePoints().allMatch(c -> multiline && (c == '\n' || c == '\r' || c == '\t')
        || !Character.isISOControl(c) && Character.getType(c) != Character.SURROGATE
        && Character.getType(c) != Character.UNASSIGNED);
    if (!printable) {
      throw DisclosureException.invalid(field, field + " must hold printable characters only");
    }
  }

  /** A request id; anything that is not one answers like an unknown id. */
  static UUID requestId(String value) {
    try {
      UUID id = UUID.fromString(value == null ? "" : value);
      if (!id.toString().equalsIgnoreCase(value)) {
        throw DisclosureException.notFound();
      }
      return id;
    } catch (IllegalArgumentException e) {
      throw DisclosureException.notFound();
    }
  }
}
