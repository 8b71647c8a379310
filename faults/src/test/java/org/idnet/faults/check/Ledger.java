package org.idnet.faults.check;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the network acknowledged to its clients during the suite, and every personal value a case
 * sent into it. After every case each acknowledged write must still be there ({@link NothingLost}),
 * and no personal value may appear in any process's log.
 */
public final class Ledger {

  /** An account's level as acknowledged: it must read at least this afterwards. */
  public enum Level { PHONE, REAL_NAME }

  /** {@code platform|account} to the level acknowledged. */
  private static final Map<String, Level> ACCOUNTS = new ConcurrentHashMap<>();
  /** Disclosure requests whose filing was answered 201. */
  private static final Set<String> REQUESTS = ConcurrentHashMap.newKeySet();
  private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

  private Ledger() {
  }

  /** A check answered APPROVED (the account is bound to the number) or a real name answered 200. */
  public static void acknowledged(String platform, String account, Level level) {
    ACCOUNTS.merge(platform + "|" + account, level, (a, b) -> a.compareTo(b) >= 0 ? a : b);
  }

  /** The platform closed the account (204): it reads NONE from then on, as it should. */
  public static void closed(String platform, String account) {
    ACCOUNTS.remove(platform + "|" + account);
  }

  public static void filed(String requestId) {
    REQUESTS.add(requestId);
  }

  /**
   * Values no log may hold: phone numbers (every written form: {@code +84912345678},
   * {@code 84912345678}, {@code 0912345678}), citizen ids, names, codes, tokens.
   */
  public static void secret(String... values) {
    for (String value : values) {
      if (value != null && value.length() >= 6) {
        SECRETS.add(value);
      }
    }
  }

  static Map<String, Level> accounts() {
    return Map.copyOf(ACCOUNTS);
  }

  static Set<String> requests() {
    return Set.copyOf(REQUESTS);
  }

  static Set<String> secrets() {
    return Set.copyOf(SECRETS);
  }
}
