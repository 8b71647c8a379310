package org.idnet.identity.config;

import java.time.Clock;
import java.time.Duration;
import org.idnet.grpc.errors.Throwables;
import org.idnet.identity.domain.ComingOfAgeStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Runs the coming-of-age job with a fixed pause between runs, on every replica: the job takes an
 * advisory lock, so one replica announces per run and the others skip, and all its state is in
 * PostgreSQL, so a restart resumes where the last run stopped.
 */
final class IdentityJobs implements SchedulingConfigurer {

  private static final Logger log = LoggerFactory.getLogger(IdentityJobs.class);

  private final ComingOfAgeStore comingOfAge;
  private final Clock clock;
  private final Duration interval;

  IdentityJobs(ComingOfAgeStore comingOfAge, Clock clock, Duration interval) {
    this.comingOfAge = comingOfAge;
    this.clock = clock;
    this.interval = interval;
  }

  @Override
  public void configureTasks(ScheduledTaskRegistrar registrar) {
    registrar.addFixedDelayTask(this::run, interval);
  }

  /** A failed run is logged and the next one comes as planned: the job must never stop for good. */
  void run() {
    try {
      int announced = comingOfAge.announce(clock.instant());
      if (announced > 0) {
        log.info("coming-of-age job: {} person(s) turned 16, their accounts' verification_changed written", announced);
      }
    } catch (RuntimeException e) {
      log.error("coming-of-age job failed, next run as scheduled: {}", Throwables.summary(e));
    }
  }
}
