package org.idnet.identity.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Answers "is this account verified, and what may it do?" - the hot path. Standings come from
 * the cache, and whatever it misses from the store in one query, which then fills the cache.
 * Nothing here decrypts or even sees personal data: a standing holds none.
 */
public final class AccountVerifier {

  public static final int MAX_LOOKUP = 500;

  private final AccountStandings store;
  private final VerificationCache cache;
  private final CapabilityPolicy policy;
  private final Clock clock;

  public AccountVerifier(AccountStandings store, VerificationCache cache, CapabilityPolicy policy, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public AccountVerification check(AccountRef account) {
    return checkWithReview(account).verification();
  }

  /** As {@link #check}, with the standing's review time, for a cache in front of this one. */
  public CheckedAccount checkWithReview(AccountRef account) {
    AccountStanding standing = standings(account.platformId(), List.of(account.accountId()))
        .get(account.accountId());
    return new CheckedAccount(verification(account.accountId(), standing), standing.reviewAt());
  }

  /**
   * 1-500 of a platform's accounts, answered in request order; a duplicate is answered in place,
   * an unknown id is UNVERIFIED.
   */
  public List<AccountVerification> lookup(String platformId, List<String> accountIds) {
    if (accountIds.isEmpty() || accountIds.size() > MAX_LOOKUP) {
      throw IdentityException.invalid(FailureReason.INVALID_ACCOUNT_IDS, "accountIds",
          "accountIds must name 1-" + MAX_LOOKUP + " accounts");
    }
    for (int i = 0; i < accountIds.size(); i++) {
      try {
        new AccountRef(platformId, accountIds.get(i));
      } catch (IdentityException e) {
        String field = e.reason() == FailureReason.INVALID_ACCOUNT_ID ? "accountIds[" + i + "]" : e.field().orElse("");
        throw IdentityException.invalid(e.reason(), field, e.getMessage());
      }
    }
    return lookupValid(platformId, accountIds);
  }

  /** The standing straight from the store, after a change: the cache may still hold the old one. */
  public AccountVerification fresh(AccountRef account) {
    AccountStanding standing = store.read(account.platformId(), List.of(account.accountId()), clock.instant())
        .getOrDefault(account.accountId(), AccountStanding.UNKNOWN);
    return verification(account.accountId(), standing);
  }

  /** Called after every change of bindings, once the change is committed. */
  public void changed(Collection<AccountRef> accounts) {
    if (!accounts.isEmpty()) {
      cache.invalidate(accounts);
    }
  }

  public AccountVerification verification(String accountId, AccountStanding standing) {
    return new AccountVerification(accountId, standing.status(), standing.level(),
        policy.capabilities(standing.level(), standing.ageBand()), standing.ageBand(), standing.subjectId(),
        standing.verifiedAt(), standing.phoneSource());
  }

  private List<AccountVerification> lookupValid(String platformId, List<String> accountIds) {
    Map<String, AccountStanding> standings = standings(platformId, accountIds);
    List<AccountVerification> answers = new ArrayList<>(accountIds.size());
    for (String id : accountIds) {
      answers.add(verification(id, standings.get(id)));
    }
    return answers;
  }

  private Map<String, AccountStanding> standings(String platformId, List<String> accountIds) {
    Instant now = clock.instant();
    Set<String> distinct = new LinkedHashSet<>(accountIds);
    Map<String, AccountStanding> standings = new HashMap<>(cache.getAll(platformId, distinct, now));
    // The cache's time bound is its TTL; this is the exact one.
    standings.values().removeIf(standing -> !standing.holdsAt(now));
    if (standings.size() < distinct.size()) {
      List<String> misses = new ArrayList<>(distinct.size() - standings.size());
      for (String id : distinct) {
        if (!standings.containsKey(id)) {
          misses.add(id);
        }
      }
      Map<String, AccountStanding> found = store.read(platformId, misses, now);
      Map<String, AccountStanding> fill = new HashMap<>();
      for (String id : misses) {
        fill.put(id, found.getOrDefault(id, AccountStanding.UNKNOWN));
      }
      cache.putAll(platformId, fill, now);
      standings.putAll(fill);
    }
    return standings;
  }
}
