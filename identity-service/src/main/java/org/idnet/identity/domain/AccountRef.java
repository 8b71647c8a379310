package org.idnet.identity.domain;

import java.util.regex.Pattern;

/**
 * A platform's account, named by (platform id, account id). The same account id under another
 * platform is another account: every look-up goes through both parts.
 */
public record AccountRef(String platformId, String accountId) {

  private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
  /**
   * Client ids of the identity provider: visible ASCII, no spaces. The contract's one rule for a
   * platform id (DisclosureTarget.platform_id), which disclosure-service applies too.
   */
  private static final Pattern PLATFORM_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");

  public AccountRef {
    if (platformId == null || !PLATFORM_ID.matcher(platformId).matches()) {
      throw IdentityException.invalid(FailureReason.INVALID_PLATFORM_ID, "platformId",
          "platformId must be 1-128 visible ASCII characters");
    }
    if (accountId == null || !ACCOUNT_ID.matcher(accountId).matches()) {
      throw IdentityException.invalid(FailureReason.INVALID_ACCOUNT_ID, "accountId",
          "accountId must be 1-128 characters of A-Z, a-z, 0-9 and . _ : @ -");
    }
  }
}
