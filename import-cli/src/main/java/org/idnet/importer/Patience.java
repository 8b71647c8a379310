package org.idnet.importer;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.idnet.client.errors.IdnetAuthenticationException;
import org.idnet.client.errors.IdnetException;
import org.idnet.client.errors.IdnetProblemException;

/**
 * Retries of calls that are safe to repeat (a batch by its number, completing, reading), on top of
 * the client's own few: a 429 waits what its {@code Retry-After} says (idnet's rate class
 * {@code imports}: 20 batches/s per platform) as often as it comes; a 502/503/504 or a failed
 * connection is tried again {@code attempts} times with a growing wait, so a short outage or a
 * restarting gateway does not end an hour-long upload. Any other refusal is thrown at once.
 */
final class Patience {

  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  static final Duration LONGEST_WAIT = Duration.ofSeconds(30);

  private final int attempts;
  private final Sleeper sleeper;
  private final Consumer<String> say;

  Patience(int attempts, Sleeper sleeper, Consumer<String> say) {
    this.attempts = attempts;
    this.sleeper = sleeper;
    this.say = say;
  }

  <T> T call(String what, Supplier<T> call) {
    int failures = 0;
    while (true) {
      Duration wait;
      try {
        return call.get();
      } catch (IdnetProblemException e) {
        if (e.isRateLimited()) {
          wait = e.retryAfter().filter(after -> !after.isNegative() && !after.isZero()).orElse(Duration.ofSeconds(1));
        } else if (e.isUnavailable() && ++failures < attempts) {
          wait = e.retryAfter().orElse(backoff(failures));
        } else {
          throw e;
        }
        say.accept(what + ": " + e.getMessage() + "; trying again in " + Progress.duration(wait.plusMillis(999)));
      } catch (IdnetAuthenticationException e) {
        throw e;
      } catch (IdnetException e) {
        // Not an answer of idnet's: the connection failed or the answer was unreadable.
        if (++failures >= attempts) {
          throw e;
        }
        wait = backoff(failures);
        say.accept(what + ": " + e.getMessage() + "; trying again in " + Progress.duration(wait.plusMillis(999)));
      }
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UploadException("interrupted while waiting to retry " + what);
      }
    }
  }

  /** 1 s, 2 s, 4 s ... up to 30 s. */
  static Duration backoff(int failures) {
    return Duration.ofSeconds(Math.min(LONGEST_WAIT.toSeconds(), 1L << Math.min(failures - 1, 5)));
  }
}
