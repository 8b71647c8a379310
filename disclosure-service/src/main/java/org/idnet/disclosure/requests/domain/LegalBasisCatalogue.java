package org.idnet.disclosure.requests.domain;

import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.idnet.disclosure.release.domain.IdentityField;

/**
 * The configured legal bases, checked once at start-up so a typo in the catalogue stops the
 * service instead of silently refusing (or allowing) requests later.
 */
public final class LegalBasisCatalogue {

  private static final Pattern CODE = Pattern.compile("[A-Z0-9][A-Z0-9._-]{0,63}");

  private final Map<String, LegalBasis> byCode = new LinkedHashMap<>();

  public LegalBasisCatalogue(List<LegalBasis> bases) {
    if (bases.isEmpty()) {
      throw new IllegalArgumentException("the legal-basis catalogue is empty: no request could ever be filed");
    }
    for (LegalBasis basis : bases) {
      String where = "legal basis " + basis.code();
      if (!CODE.matcher(basis.code()).matches()) {
        throw new IllegalArgumentException(where + ": the code must be 1-64 of A-Z 0-9 . _ - (e.g. VN-CPC-2015-ART88)");
      }
      if (basis.title().isBlank()) {
        throw new IllegalArgumentException(where + ": the title is empty");
      }
      if (basis.allowedFields().isEmpty()) {
        throw new IllegalArgumentException(where + ": it allows no field");
      }
      if (byCode.putIfAbsent(basis.code(), basis) != null) {
        throw new IllegalArgumentException(where + ": the code appears twice");
      }
    }
  }

  public Optional<LegalBasis> find(String code) {
    return Optional.ofNullable(byCode.get(code));
  }

  /**
   * The basis {@code code} as the catalogue stands now, if it allows every one of {@code fields}
   * (and the emergency track when asked); otherwise the refusal of api.md (422). Checked when a
   * request is filed and again when it is approved and released, so a basis narrowed or withdrawn
   * in the meantime releases nothing it no longer allows.
   */
  public LegalBasis permitting(String code, Collection<IdentityField> fields, boolean emergency) {
    LegalBasis basis = find(code).orElseThrow(() -> DisclosureException.of(Refusal.UNKNOWN_LEGAL_BASIS, "legalBasis",
        "the legal basis is not in the catalogue (GET /v1/legal-bases)"));
    if (!basis.allowedFields().containsAll(fields)) {
      Set<IdentityField> beyond = EnumSet.noneOf(IdentityField.class);
      beyond.addAll(fields);
      beyond.removeAll(basis.allowedFields());
      throw DisclosureException.of(Refusal.FIELDS_NOT_PERMITTED, "fields", "the legal basis does not allow " + beyond);
    }
    if (emergency && !basis.emergencyAllowed()) {
      throw DisclosureException.of(Refusal.EMERGENCY_NOT_PERMITTED, "emergency",
          "the legal basis does not allow emergency requests");
    }
    return basis;
  }

  /** In configuration order. */
  public List<LegalBasis> all() {
    return List.copyOf(byCode.values());
  }
}
