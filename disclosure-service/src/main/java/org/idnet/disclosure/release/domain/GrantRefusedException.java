package org.idnet.disclosure.release.domain;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * identity-service refused a grant. {@link #check()} names the check that failed, when it said
 * (its {@code ErrorInfo} metadata {@code check}); {@link #isFinal()} tells whether any later grant
 * for the same request could pass.
 */
public final class GrantRefusedException extends RuntimeException {

  /**
   * The checks about the request itself, which no new grant changes: what it was filed as, its
   * life, the officials' tokens kept as its evidence (who they name, their roles and times, whether
   * they were spent), and what it released before. Every other refusal (the grant's signature or
   * key: a key mix-up between the services; the grant's own times: clocks; the issuer's keys not
   * fetched yet, evidence-keys-pending; a token that does not verify there although it verified
   * here, filer- or approver-evidence: the services configured with different issuers; a refusal
   * that names no check, such as the caller check's) is one an operator may fix, so the release is
   * tried again, until the release horizon.
   */
  static final Set<String> FINAL_CHECKS = Set.of("filed", "digest", "request-life", "filer", "approver",
      "approver-files", "same-official", "evidence-time", "evidence-stale", "evidence-reused", "retry-differs");
  private static final Pattern CHECK = Pattern.compile("[a-z-]{1,40}");

  private final String check;

  /** @param check the failed check as identity-service named it; null (or not one word) when it named none */
  public GrantRefusedException(String message, String check) {
    super(message);
    this.check = check != null && CHECK.matcher(check).matches() ? check : null;
  }

  public GrantRefusedException(String message) {
    this(message, null);
  }

  /** The failed check, one word of identity-service's (e.g. {@code evidence-stale}). */
  public Optional<String> check() {
    return Optional.ofNullable(check);
  }

  /** Whether no later grant for the request can pass: the request's release is refused for good. */
  public boolean isFinal() {
    return check != null && FINAL_CHECKS.contains(check);
  }
}
