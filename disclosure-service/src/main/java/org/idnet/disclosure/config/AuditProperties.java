package org.idnet.disclosure.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The audit log's settings ({@code idnet.disclosure.audit.*}).
 *
 * @param checkpointInterval time between the ends of two scheduled checkpoint rounds; a round signs
 *     a checkpoint only if the log grew since the last one (default 10 minutes: a truncation can
 *     go unpinned for at most that long)
 * @param checkpointInitialDelay wait after start-up before the first round (default 1 minute, so a
 *     starting replica does not compete with the work of starting)
 * @param scheduledCheckpoints false turns the scheduled rounds off (on-demand checkpoints remain);
 *     default true
 */
@ConfigurationProperties("idnet.disclosure.audit")
public record AuditProperties(
    @DefaultValue("10m") Duration checkpointInterval,
    @DefaultValue("1m") Duration checkpointInitialDelay,
    @DefaultValue("true") boolean scheduledCheckpoints) {

  public AuditProperties {
    if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
      throw new IllegalArgumentException("idnet.disclosure.audit.checkpoint-interval must be positive, not "
          + checkpointInterval);
    }
    if (checkpointInitialDelay.isNegative()) {
      throw new IllegalArgumentException("idnet.disclosure.audit.checkpoint-initial-delay must not be negative, not "
          + checkpointInitialDelay);
    }
  }
}
