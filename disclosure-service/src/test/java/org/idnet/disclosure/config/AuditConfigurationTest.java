package org.idnet.disclosure.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.idnet.audit.verifier.AuditCheckpoint;
import org.idnet.disclosure.audit.AuditFixture;
import org.idnet.disclosure.audit.api.AuditLogGrpcService;
import org.idnet.disclosure.audit.domain.AuditCheckpoints;
import org.idnet.disclosure.audit.domain.AuditLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.PlatformTransactionManager;

/** The audit wiring in a Spring context: beans, property defaults, and the scheduled checkpoints. */
class AuditConfigurationTest {

  AuditFixture audit = AuditFixture.create();

  @AfterEach
  void close() {
    audit.close();
  }

  @Configuration(proxyBeanMethods = false)
  @EnableScheduling
  static class SchedulingOn {
  }

  ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TaskSchedulingAutoConfiguration.class))
        // Scheduling is switched on elsewhere in the service (RequestsConfiguration), so here too.
        .withUserConfiguration(AuditConfiguration.class, SchedulingOn.class)
        .withBean(DataSource.class, audit.db::app)
        .withBean(PlatformTransactionManager.class, () -> new DataSourceTransactionManager(audit.db.app()))
        .withBean(Clock.class, Clock::systemUTC)
        .withBean(DisclosureKeysets.class, () -> new DisclosureKeysets(null, audit.keys, null, null, null));
  }

  @Test
  void contextWhenNoPropertiesThenDefaultsAndEveryAuditBean() {
    runner().run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(AuditLog.class).hasSingleBean(AuditLogGrpcService.class);
      AuditProperties properties = context.getBean(AuditProperties.class);
      assertThat(properties.checkpointInterval()).isEqualTo(Duration.ofMinutes(10));
      assertThat(properties.checkpointInitialDelay()).isEqualTo(Duration.ofMinutes(1));
      assertThat(properties.scheduledCheckpoints()).isTrue();
    });
  }

  @Test
  void contextWhenIntervalNotPositiveThenFailsNamingTheProperty() {
    runner().withPropertyValues("idnet.disclosure.audit.checkpoint-interval=0s").run(context ->
        assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("idnet.disclosure.audit.checkpoint-interval must be positive"));
  }

  @Test
  void scheduleWhenLogGrowsThenCheckpointsFollowAndNotOtherwise() {
    audit.append(3);
    runner().withPropertyValues("idnet.disclosure.audit.checkpoint-interval=100ms",
        "idnet.disclosure.audit.checkpoint-initial-delay=0s").run(context -> {
          AuditCheckpoints checkpoints = context.getBean(AuditCheckpoints.class);
          awaitSizes(checkpoints, 3L);
          Thread.sleep(500); // Several rounds without growth: no new checkpoint.
          assertThat(checkpoints.all()).extracting(AuditCheckpoint::size).containsExactly(3L);

          // Two appends: a round may fall between them, so 3, 4, 5 is as right as 3, 5; never a repeat.
          audit.append(2);
          long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
          while (checkpoints.all().getLast().size() < 5 && System.nanoTime() < deadline) {
            Thread.sleep(20);
          }
          List<Long> sizes = checkpoints.all().stream().map(AuditCheckpoint::size).toList();
          assertThat(sizes).startsWith(3L).endsWith(5L).isSorted().doesNotHaveDuplicates();
        });
  }

  @Test
  void scheduleWhenSwitchedOffThenNoCheckpoints() {
    audit.append(1);
    runner().withPropertyValues("idnet.disclosure.audit.checkpoint-interval=50ms",
        "idnet.disclosure.audit.checkpoint-initial-delay=0s", "idnet.disclosure.audit.scheduled-checkpoints=false")
        .run(context -> {
          Thread.sleep(300);
          assertThat(context.getBean(AuditCheckpoints.class).all()).isEmpty();
        });
  }

  static void awaitSizes(AuditCheckpoints checkpoints, Long... sizes) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (checkpoints.all().size() < sizes.length && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(checkpoints.all()).extracting(AuditCheckpoint::size).containsExactly(sizes);
  }
}
