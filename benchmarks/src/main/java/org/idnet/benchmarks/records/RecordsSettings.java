package org.idnet.benchmarks.records;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The knobs of {@code bin/benchmark records [N]}: how many records ({@code 100k}, {@code 1m},
 * {@code 10m} or a plain number; default 1m) and, from the environment, IDNET_RECORDS_DATA (the
 * network's data folder, kept between runs so a stopped load resumes and a larger N extends a
 * smaller one; default benchmarks/target/records-data), IDNET_RECORDS_SEED (1), IDNET_RECORDS_BATCH
 * (records per COPY transaction, 10000), IDNET_RECORDS_WRITERS (connections loading at once, 2),
 * IDNET_RECORDS_CHECKS (cold CheckAccount calls, 2000),
 * IDNET_RECORDS_LOOKUPS (cold LookupAccounts calls, 100) and IDNET_RECORDS_LOOKUP_SIZE (ids per
 * LookupAccounts call, 100).
 */
public record RecordsSettings(Path home, Path data, long total, long seed, int batchSize, int writers, int checks,
    int lookups, int lookupSize) {

  public RecordsSettings {
    if (batchSize < 1 || batchSize > 1_000_000 || writers < 1 || writers > 64) {
      throw new IllegalArgumentException("IDNET_RECORDS_BATCH must be 1-1000000, IDNET_RECORDS_WRITERS 1-64");
    }
    if (checks < 1 || lookups < 1 || lookupSize < 1 || lookupSize > 500) {
      throw new IllegalArgumentException("IDNET_RECORDS_CHECKS and _LOOKUPS must be at least 1, _LOOKUP_SIZE 1-500");
    }
    if ((long) checks + (long) lookups * lookupSize + WARM_CALLS > total) {
      throw new IllegalArgumentException("too few records for distinct ids in every measured call: load more, or"
          + " lower IDNET_RECORDS_CHECKS / IDNET_RECORDS_LOOKUPS");
    }
  }

  /** CheckAccount calls on other records before the first cold phase: the services' JIT, not the data. */
  static final int WARM_CALLS = 2000;

  public static RecordsSettings of(Path home, String size, Map<String, String> env) {
    Path data = env.containsKey("IDNET_RECORDS_DATA") ? Path.of(env.get("IDNET_RECORDS_DATA")).toAbsolutePath()
        : home.resolve("benchmarks/target/records-data");
    return new RecordsSettings(home, data, size(size == null ? "1m" : size), number(env, "IDNET_RECORDS_SEED", 1),
        (int) number(env, "IDNET_RECORDS_BATCH", 10_000), (int) number(env, "IDNET_RECORDS_WRITERS", 2),
        (int) number(env, "IDNET_RECORDS_CHECKS", 2000),
        (int) number(env, "IDNET_RECORDS_LOOKUPS", 100), (int) number(env, "IDNET_RECORDS_LOOKUP_SIZE", 100));
  }

  /** {@code 100k}, {@code 1m}, {@code 10M}, {@code 2500000}: a record count within {@link RecordSet#CAPACITY}. */
  public static long size(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT).replace("_", "").replace(",", "");
    long unit = 1;
    if (t.endsWith("k")) {
      unit = 1_000;
    } else if (t.endsWith("m")) {
      unit = 1_000_000;
    }
    String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
    long n;
    try {
      n = Math.multiplyExact(Long.parseLong(digits), unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("not a record count (e.g. 100k, 1m, 10m, 2500000): " + text);
    }
    if (n < 1 || n > RecordSet.CAPACITY) {
      throw new IllegalArgumentException("a record count is 1-" + RecordSet.CAPACITY + ": " + text);
    }
    return n;
  }

  private static long number(Map<String, String> env, String name, long fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number: " + value);
    }
  }
}
