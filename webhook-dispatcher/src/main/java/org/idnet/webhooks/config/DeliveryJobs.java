package org.idnet.webhooks.config;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.idnet.webhooks.delivery.domain.ClaimedDelivery;
import org.idnet.webhooks.delivery.domain.DeliveryQueue;
import org.idnet.webhooks.delivery.domain.Dispatcher;
import org.idnet.webhooks.delivery.domain.OutboxReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The dispatcher's work, started with the context and stopped before it: each outbox read every
 * poll interval (at once again after a full batch), one loop claiming due deliveries as delivery
 * threads come free, and an hourly purge of finished deliveries past the retention. A failure of
 * one turn is logged (by type, at most once a minute per job) and the next turn tries again.
 */
final class DeliveryJobs implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(DeliveryJobs.class);
  private static final Duration IDLE = Duration.ofMillis(200);
  private static final Duration GATHER = Duration.ofMillis(3);
  private static final Duration AFTER_FAILURE = Duration.ofSeconds(1);
  private static final long LOG_EVERY_MILLIS = 60_000;

  private final List<OutboxReader> readers;
  private final Dispatcher dispatcher;
  private final DeliveryQueue queue;
  private final WebhooksProperties properties;
  private final Clock clock;
  private final Semaphore free;
  /** Released by each finished delivery: the claim loop, waiting for room, looks again at once. */
  private final Semaphore finished = new Semaphore(0);
  private final java.util.Map<String, AtomicLong> lastFailureLog = new java.util.concurrent.ConcurrentHashMap<>();
  private ScheduledExecutorService schedule;
  private ExecutorService senders;
  private Thread loop;
  private volatile boolean running;

  DeliveryJobs(List<OutboxReader> readers, Dispatcher dispatcher, DeliveryQueue queue, WebhooksProperties properties,
      Clock clock) {
    this.readers = List.copyOf(readers);
    this.dispatcher = dispatcher;
    this.queue = queue;
    this.properties = properties;
    this.clock = clock;
    this.free = new Semaphore(properties.delivery().threads());
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    schedule = Executors.newScheduledThreadPool(readers.size() + 2, Thread.ofPlatform().name("webhook-jobs-", 0)
        .daemon().factory());
    long poll = properties.pollInterval().toMillis();
    for (OutboxReader reader : readers) {
      schedule.scheduleWithFixedDelay(() -> read(reader), 0, poll, TimeUnit.MILLISECONDS);
    }
    schedule.scheduleWithFixedDelay(this::purge, 1, 60, TimeUnit.MINUTES);
    schedule.scheduleWithFixedDelay(this::statistics, 5, 5, TimeUnit.SECONDS);
    senders = Executors.newFixedThreadPool(properties.delivery().threads(),
        Thread.ofPlatform().name("webhook-send-", 0).daemon().factory());
    loop = Thread.ofPlatform().name("webhook-claims").daemon().start(this::claimLoop);
  }

  private void read(OutboxReader reader) {
    try {
      int read;
      do {
        read = reader.readOnce();
      } while (running && reader.wasFull(read));
    } catch (RuntimeException e) {
      failed("reading the " + reader.source() + " outbox", e);
    }
  }

  private void claimLoop() {
    while (running) {
      try {
        int available = free.availablePermits();
        List<ClaimedDelivery> claimed = available == 0 ? List.of()
            : dispatcher.claim(Math.min(available, properties.delivery().batchSize()));
        for (ClaimedDelivery delivery : claimed) {
          free.acquireUninterruptibly();
          senders.execute(() -> send(delivery));
        }
        if (claimed.isEmpty()) {
          // Nothing due, or every limit reached: wait for a delivery to finish (at most the idle
          // pause), then a moment more, so one claim picks up the room several of them left.
          if (finished.tryAcquire(IDLE.toMillis(), TimeUnit.MILLISECONDS)) {
            Thread.sleep(GATHER.toMillis());
          }
          finished.drainPermits();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        failed("claiming deliveries", e);
        sleep(AFTER_FAILURE);
      }
    }
  }

  private void send(ClaimedDelivery delivery) {
    try {
      dispatcher.deliver(delivery);
    } catch (RuntimeException e) {
      // The outcome could not be recorded (the store is away): the lease expires and it is tried again.
      failed("recording a delivery", e);
    } finally {
      free.release();
      finished.release();
    }
  }

  private void purge() {
    try {
      int purged = queue.purge(clock.instant().minus(properties.delivery().retention()), clock.instant());
      if (purged > 0) {
        log.info("purged {} finished deliveries older than {}", purged, properties.delivery().retention());
      }
    } catch (RuntimeException e) {
      failed("purging finished deliveries", e);
    }
  }

  /** At most once a minute for each kind of failure, naming the exception's type and a gRPC status code. */
  private void statistics() {
    try {
      queue.keepStatisticsCurrent();
    } catch (RuntimeException e) {
      failed("analyzing the queue", e);
    }
  }

  private void failed(String what, RuntimeException e) {
    long now = System.currentTimeMillis();
    AtomicLong last = lastFailureLog.computeIfAbsent(what, w -> new AtomicLong());
    long before = last.get();
    if (now - before >= LOG_EVERY_MILLIS && last.compareAndSet(before, now)) {
      String status = e instanceof io.grpc.StatusRuntimeException grpc ? " " + grpc.getStatus().getCode() : "";
      log.warn("{} failed ({}{}); retrying", what, e.getClass().getSimpleName(), status);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public synchronized void stop() {
    if (!running) {
      return;
    }
    running = false;
    loop.interrupt();
    schedule.shutdownNow();
    senders.shutdown();
    try {
      // Attempts in progress may finish; what does not is leased and tried again by another replica.
      senders.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    senders.shutdownNow();
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
