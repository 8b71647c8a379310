package org.idnet.webhooks.config;

import org.idnet.webhooks.sandbox.store.InMemoryAttemptLog;
import org.idnet.webhooks.sandbox.api.SandboxWebhookGrpcService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/** The sandbox's webhook inbox: every attempt kept in memory and served at GET /sandbox/webhooks. */
@Configuration(proxyBeanMethods = false)
@Profile("sandbox")
class SandboxConfiguration {

  @Bean
  InMemoryAttemptLog attemptLog() {
    return new InMemoryAttemptLog();
  }

  @Bean
  SandboxWebhookGrpcService sandboxWebhookGrpcService(InMemoryAttemptLog attemptLog) {
    return new SandboxWebhookGrpcService(attemptLog);
  }
}
