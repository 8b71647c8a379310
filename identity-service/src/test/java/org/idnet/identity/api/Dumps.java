package org.idnet.identity.api;

import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** What someone holding a copy of the stores reads, and how the tests search it. */
final class Dumps {

  private static final Pattern TOKEN_SEPARATOR = Pattern.compile("[^A-Za-z0-9]+");
  private static final Pattern DIGITS = Pattern.compile("[0-9]+");

  private Dumps() {
  }

  /** Every cache entry of the harness as {@code key = value}, tombstones included. */
  static String redis(GrpcHarness grpc) {
    return grpc.redis(c -> {
      StringBuilder all = new StringBuilder();
      for (String key : keys(grpc)) {
        all.append(key).append(" = ").append(c.get(key)).append('\n');
      }
      return all.toString();
    });
  }

  /** When each cache entry of the harness expires, on the harness's clock: a dump holds that too. */
  static List<Instant> redisExpiries(GrpcHarness grpc) {
    Instant now = grpc.clock.instant();
    return grpc.redis(c -> keys(grpc).stream().map(c::pttl).filter(ms -> ms > 0).map(now::plusMillis).toList());
  }

  private static List<String> keys(GrpcHarness grpc) {
    return grpc.redis(c -> {
      List<String> keys = new ArrayList<>();
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        var batch = c.scan(cursor, ScanArgs.Builder.matches(grpc.keyPrefix + "*").limit(1000));
        keys.addAll(batch.getKeys());
        cursor = batch;
      } while (!cursor.isFinished());
      return keys;
    });
  }

  /**
   * The forms found in the dump. A form of digits only must be a whole token (a run of letters and
   * digits), so a number is not "found" inside a hex ciphertext or a longer number by chance; any
   * other form anywhere, ignoring case.
   */
  static List<String> found(String dump, Collection<String> forms) {
    Set<String> tokens = new HashSet<>(List.of(TOKEN_SEPARATOR.split(dump)));
    String lower = dump.toLowerCase(Locale.ROOT);
    List<String> found = new ArrayList<>();
    for (String form : forms) {
      boolean hit = DIGITS.matcher(form).matches() ? tokens.contains(form)
          : lower.contains(form.toLowerCase(Locale.ROOT));
      if (hit) {
        found.add(form);
      }
    }
    return found;
  }
}
