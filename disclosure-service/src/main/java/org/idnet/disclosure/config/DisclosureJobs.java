package org.idnet.disclosure.config;

import java.time.Duration;
import java.util.function.IntSupplier;
import org.idnet.disclosure.events.domain.NoticeAnnouncer;
import org.idnet.grpc.errors.Throwables;
import org.idnet.disclosure.requests.domain.DeadlineSweeper;
import org.idnet.disclosure.requests.domain.PackageSweeper;
import org.idnet.disclosure.requests.domain.ReleaseOrchestrator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Runs the four jobs with a fixed pause between runs. Every replica runs them: the jobs lock the
 * rows they work on and skip those another replica holds (the notice job takes an advisory lock,
 * and of replicas running it at once all but one skip), so no leader election is needed, and all
 * their state is in PostgreSQL, so a restart resumes where the last run stopped.
 */
public final class DisclosureJobs implements SchedulingConfigurer {

  private static final Logger log = LoggerFactory.getLogger(DisclosureJobs.class);

  private final DeadlineSweeper deadlines;
  private final ReleaseOrchestrator releases;
  private final PackageSweeper packages;
  private final NoticeAnnouncer notices;
  private final Intervals intervals;

  /** Pauses between runs, and rows per transaction. */
  public record Intervals(Duration deadlines, Duration releases, Duration packages, Duration notices,
      int batchSize) {
  }

  public DisclosureJobs(DeadlineSweeper deadlines, ReleaseOrchestrator releases, PackageSweeper packages,
      NoticeAnnouncer notices, Intervals intervals) {
    this.deadlines = deadlines;
    this.releases = releases;
    this.packages = packages;
    this.notices = notices;
    this.intervals = intervals;
  }

  @Override
  public void configureTasks(ScheduledTaskRegistrar registrar) {
    int batch = intervals.batchSize();
    registrar.addFixedDelayTask(guarded("deadline", "expired", () -> deadlines.sweep(batch)), intervals.deadlines());
    registrar.addFixedDelayTask(guarded("release retry", "attempted", () -> releases.retryDue(batch)),
        intervals.releases());
    registrar.addFixedDelayTask(guarded("package expiry", "deleted", () -> packages.sweep(batch)),
        intervals.packages());
    registrar.addFixedDelayTask(guarded("notice", "announced", () -> notices.announceDue(batch)),
        intervals.notices());
  }

  /** A failed run is logged and the next one comes as planned: a job must never stop for good. */
  private static Runnable guarded(String job, String verb, IntSupplier run) {
    return () -> {
      try {
        int count = run.getAsInt();
        if (count > 0) {
          log.info("{} job: {} {}", job, verb, count);
        }
      } catch (RuntimeException e) {
        log.error("{} job failed, next run as scheduled: {}", job, Throwables.summary(e));
      }
    };
  }
}
