package org.idnet.identity.config;

import org.idnet.grpc.errors.Throwables;
import org.idnet.identity.domain.ImportProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Runs the import jobs with a fixed pause between runs, on every replica: processing (each import
 * taken by one replica at a time under an advisory lock, its batches in order, one transaction
 * each, so a replica that dies mid-batch leaves it to the next run of any replica) and the expiry
 * of imported bindings whose period ran out.
 */
final class ImportJobs implements SchedulingConfigurer {

  private static final Logger log = LoggerFactory.getLogger(ImportJobs.class);
  private static final int EXPIRED_PER_TRANSACTION = 500;

  private final ImportProcessor processor;
  private final IdentityProperties.ImportProcessing settings;

  ImportJobs(ImportProcessor processor, IdentityProperties.ImportProcessing settings) {
    this.processor = processor;
    this.settings = settings;
  }

  @Override
  public void configureTasks(ScheduledTaskRegistrar registrar) {
    registrar.addFixedDelayTask(this::run, settings.interval());
    registrar.addFixedDelayTask(this::expire, settings.expiryInterval());
  }

  /** Imported bindings whose period ran out become revocations with their events. */
  void expire() {
    try {
      int ended = processor.expire(EXPIRED_PER_TRANSACTION);
      if (ended > 0) {
        log.info("import expiry job: {} imported binding(s) ran out, account.verification_changed written", ended);
      }
    } catch (RuntimeException e) {
      log.error("import expiry job failed, next run as scheduled: {}", Throwables.summary(e));
    }
  }

  /** A failed run is logged (never with a line's content) and the next one comes as planned. */
  void run() {
    try {
      long lines = processor.run(settings.batchesPerRun());
      if (lines > 0) {
        log.info("import job: {} line(s) processed", lines);
      }
    } catch (RuntimeException e) {
      log.error("import job failed, the batch waits for the next run: {}", Throwables.summary(e));
    }
  }
}
