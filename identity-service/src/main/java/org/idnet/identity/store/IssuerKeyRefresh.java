package org.idnet.identity.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Fetches the issuer's JWKS on a schedule (every key in it archived, its sighting renewed), not only
 * when a release needs a key: a key the issuer publishes and retires between two releases is
 * archived all the same, and a key still published stays fresh for {@link JwtOfficialTokens}.
 * Then deletes archived keys last seen longer ago than any release may still need them.
 *
 * <p>The first run starts as soon as the application context is up (after the migrations), on its
 * own thread: the service starts whether or not the issuer answers. A failed fetch is logged and
 * tried again at the next run; releases meanwhile verify tokens against the keys already archived,
 * and tokens newer than what was fetched last are not judged until a fetch succeeds.
 * ({@code refresh} must fetch on every run, never skip one because another fetch ran shortly
 * before: the sightings would fall behind the bound {@link JwtOfficialTokens} holds tokens to.)
 */
public final class IssuerKeyRefresh implements SmartLifecycle, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(IssuerKeyRefresh.class);

  private final BooleanSupplier refresh;
  private final ToIntFunction<Instant> purge;
  private final Clock clock;
  private final Duration every;
  private final Duration retention;
  private ScheduledExecutorService scheduler; // guarded by this

  /**
   * @param refresh fetches and archives the issuer's set (IssuerKeys::refresh), answering whether it did
   * @param purge deletes the keys last seen before the instant given, answering how many
   * @param retention how long a key is kept after it was last seen published
   */
  public IssuerKeyRefresh(BooleanSupplier refresh, ToIntFunction<Instant> purge, Clock clock, Duration every,
      Duration retention) {
    this.refresh = refresh;
    this.purge = purge;
    this.clock = clock;
    this.every = every;
    this.retention = retention;
  }

  @Override
  public synchronized void start() {
    if (scheduler == null) {
      scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
          .name("issuer-key-refresh").factory());
      scheduler.scheduleWithFixedDelay(this::run, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** One run: fetch and archive, then purge. */
  public void run() {
    try {
      // Every run fetches (IssuerKeys.refresh is not held back by the floor on unscheduled fetches),
      // so false means the fetch failed, as IssuerKeys has logged with its cause.
      if (!refresh.getAsBoolean()) {
        log.warn("the issuer's keys could not be fetched: releases verify against the archived keys, and tokens newer"
            + " than the last fetch wait for the next (evidence-keys-pending)");
      }
      int purged = purge.applyAsInt(clock.instant().minus(retention));
      if (purged > 0) {
        log.info("deleted {} issuer key(s) last seen published more than {} ago", purged, retention);
      }
    } catch (RuntimeException e) {
      log.warn("the issuer key refresh failed ({}); tried again in {}", e.getClass().getName(), every);
    }
  }

  @Override
  public synchronized void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return scheduler != null;
  }

  @Override
  public void close() {
    stop();
  }
}
