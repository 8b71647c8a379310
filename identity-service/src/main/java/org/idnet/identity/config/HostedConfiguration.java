package org.idnet.identity.config;

import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.idnet.caller.urls.HttpsOnly;
import org.idnet.grpc.errors.Throwables;
import org.idnet.identity.domain.AccountVerifier;
import org.idnet.identity.hosted.api.HostedSessionGrpcService;
import org.idnet.identity.hosted.api.ReturnUrlParser;
import org.idnet.identity.hosted.api.VerificationSessionGrpcService;
import org.idnet.identity.hosted.domain.HostedSessions;
import org.idnet.identity.hosted.domain.ReturnUrls;
import org.idnet.identity.hosted.domain.SessionRealNames;
import org.idnet.identity.hosted.store.JdbcHostedSessionStore;
import org.idnet.identity.store.BlindIndex;
import org.idnet.identity.store.FieldCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Hosted verification (docs/pages.md section 3): the sessions' store, use case, gRPC services and
 * the job that deletes sessions a day after they ended. {@code idnet.identity.hosted.pages-url} is
 * where idnet's pages are (https, or plain http to this machine), the launch address's prefix;
 * {@code idnet.identity.hosted.cleanup.enabled} (true; false in migrate-only) runs the job.
 */
@Configuration(proxyBeanMethods = false)
class HostedConfiguration {

  static final Duration LAUNCH_FOR = Duration.ofMinutes(10);
  static final Duration SESSION_FOR = Duration.ofMinutes(30);
  static final Duration RESULT_FOR = Duration.ofMinutes(5);
  static final Duration KEEP_ENDED = Duration.ofHours(24);

  @Bean
  JdbcHostedSessionStore hostedSessionStore(DataSource dataSource, PlatformTransactionManager transactionManager,
      FieldCipher cipher, BlindIndex blindIndex) {
    return new JdbcHostedSessionStore(dataSource, transactionManager, cipher, blindIndex);
  }

  @Bean
  HostedSessions hostedSessions(JdbcHostedSessionStore store, ReturnUrls returnUrls, AccountVerifier verifier,
      BlindIndex blindIndex, @Value("${idnet.identity.hosted.pages-url}") String pagesUrl, Clock clock) {
    HttpsOnly.require("idnet.identity.hosted.pages-url", pagesUrl, "the launch tokens travel in its addresses");
    return new HostedSessions(store, returnUrls, verifier, request -> blindIndex.of("verification-session-request",
        java.util.HexFormat.of().formatHex(request)), pagesUrl, clock, LAUNCH_FOR, SESSION_FOR, RESULT_FOR);
  }

  @Bean
  ReturnUrls returnUrls(JdbcHostedSessionStore store, Clock clock) {
    return new ReturnUrls(store, clock, ReturnUrlParser::accepts);
  }

  @Bean
  SessionRealNames sessionRealNames(JdbcHostedSessionStore store, Clock clock) {
    return new SessionRealNames(store, clock);
  }

  @Bean
  VerificationSessionGrpcService verificationSessionGrpcService(ReturnUrls returnUrls, HostedSessions sessions) {
    return new VerificationSessionGrpcService(returnUrls, sessions);
  }

  @Bean
  HostedSessionGrpcService hostedSessionGrpcService(HostedSessions sessions) {
    return new HostedSessionGrpcService(sessions);
  }

  @Bean
  @ConditionalOnProperty(name = "idnet.identity.hosted.cleanup.enabled", havingValue = "true", matchIfMissing = true)
  HostedSessionCleanup hostedSessionCleanup(HostedSessions sessions) {
    return new HostedSessionCleanup(sessions);
  }

  /** Every 10 minutes, on every replica (a DELETE by time: replicas racing delete nothing twice). */
  static final class HostedSessionCleanup implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(HostedSessionCleanup.class);
    private final HostedSessions sessions;

    HostedSessionCleanup(HostedSessions sessions) {
      this.sessions = sessions;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
      registrar.addFixedDelayTask(this::run, Duration.ofMinutes(10));
    }

    void run() {
      try {
        int deleted = sessions.deleteEnded(KEEP_ENDED);
        if (deleted > 0) {
          log.info("hosted-session cleanup: {} session(s) ended more than {} ago deleted", deleted, KEEP_ENDED);
        }
      } catch (RuntimeException e) {
        log.error("hosted-session cleanup failed, next run as scheduled: {}", Throwables.summary(e));
      }
    }
  }
}
