package org.idnet.benchmarks.records;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.idnet.stores.LocalPostgres;

/**
 * Makes the data cold before a measurement, as P5 means it: PostgreSQL restarted (its shared
 * buffers gone), the OS page cache dropped where this process may ({@code echo 3 >
 * /proc/sys/vm/drop_caches} after a {@code sync}, confirmed by {@code Cached:} of /proc/meminfo
 * falling; otherwise the run says "PostgreSQL-cold"), and identity-service's answers in Redis
 * deleted (its key prefix).
 */
final class ColdCache {

  /** identity-service's default cache key prefix (idnet.identity.cache.key-prefix). */
  static final String ANSWER_PREFIX = "idv1:";
  private static final Path DROP_CACHES = Path.of("/proc/sys/vm/drop_caches");
  private static final Path MEMINFO = Path.of("/proc/meminfo");
  private static final Pattern CACHED = Pattern.compile("(?m)^Cached:\\s+(\\d+) kB");

  /**
   * What one reset did.
   *
   * @param osCacheDropped whether the page cache was dropped: the write was accepted and Cached fell
   *     (on a busy machine other programs read their files back at once, so it need not fall far)
   */
  record Reset(boolean osCacheDropped, long cachedBeforeKb, long cachedAfterKb, long answersDeleted, String note) {

    String coldness() {
      return osCacheDropped ? "cold (PostgreSQL restarted, OS page cache dropped: Cached " + cachedBeforeKb / 1024
          + " -> " + cachedAfterKb / 1024 + " MiB)" : "PostgreSQL-cold (PostgreSQL restarted; the OS page cache could"
          + " not be dropped: " + note + ")";
    }
  }

  private ColdCache() {
  }

  static Reset reset(LocalPostgres postgres, String redisUri) throws InterruptedException {
    postgres.stop();
    long before = cachedKb(readMeminfo()).orElse(-1L);
    String note;
    boolean dropped;
    try {
      new ProcessBuilder("sync").inheritIO().start().waitFor();
      Files.writeString(DROP_CACHES, "3");
      long after = cachedKb(readMeminfo()).orElse(-1L);
      dropped = dropped(before, after);
      note = dropped ? "dropped" : "written, but Cached did not fall (" + before + " -> " + after + " kB)";
      postgres.restart();
      return new Reset(dropped, before, after, emptyAnswers(redisUri), note);
    } catch (IOException | RuntimeException e) {
      note = "not permitted here (" + e.getMessage() + ")";
      postgres.restart();
      return new Reset(false, before, before, emptyAnswers(redisUri), note);
    }
  }

  static boolean dropped(long beforeKb, long afterKb) {
    return beforeKb >= 0 && afterKb >= 0 && afterKb < beforeKb;
  }

  static Optional<Long> cachedKb(String meminfo) {
    Matcher m = CACHED.matcher(meminfo);
    return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
  }

  private static String readMeminfo() {
    try {
      return Files.readString(MEMINFO);
    } catch (IOException e) {
      return "";
    }
  }

  /** Deletes identity-service's cached answers; returns how many keys went. */
  static long emptyAnswers(String redisUri) {
    RedisClient client = RedisClient.create(redisUri);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      var redis = connection.sync();
      long deleted = 0;
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(ANSWER_PREFIX + "*").limit(1000));
        if (!page.getKeys().isEmpty()) {
          deleted += redis.del(page.getKeys().toArray(String[]::new));
        }
        cursor = page;
      } while (!cursor.isFinished());
      return deleted;
    } finally {
      client.shutdown();
    }
  }
}
