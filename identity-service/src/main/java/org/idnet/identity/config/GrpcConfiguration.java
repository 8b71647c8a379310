package org.idnet.identity.config;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.idnet.caller.CallerServerInterceptor;
import org.idnet.caller.PeerResolver;
import org.idnet.caller.evidence.EvidenceServerInterceptor;
import org.idnet.caller.evidence.EvidenceVerifier;
import org.idnet.grpc.errors.ErrorMappingInterceptor;
import org.idnet.headers.ForwardedHeader;
import org.idnet.identity.api.AccountGrpcService;
import org.idnet.identity.api.AccountImportGrpcService;
import org.idnet.identity.api.AccountVerificationGrpcService;
import org.idnet.identity.api.EventOutboxGrpcService;
import org.idnet.identity.api.GrpcErrors;
import org.idnet.identity.api.IdentityReleaseGrpcService;
import org.idnet.identity.api.NearCacheHints;
import org.idnet.identity.api.NumberEventGrpcService;
import org.idnet.identity.api.PhoneBindingGrpcService;
import org.idnet.identity.domain.AccountCloser;
import org.idnet.identity.domain.AccountImports;
import org.idnet.identity.domain.AccountVerifier;
import org.idnet.identity.domain.EventFeed;
import org.idnet.identity.domain.IdentityRelease;
import org.idnet.identity.domain.NumberEventRecorder;
import org.idnet.identity.domain.PhoneBinder;
import org.idnet.identity.domain.RealNameRegistrar;
import org.idnet.identity.store.RedisVerificationCache;
import org.idnet.tls.spring.MutualTlsServerConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;

/**
 * The gRPC face: the server (mutual TLS only, {@code idnet.tls.*}), the services, and the
 * interceptors every call passes. Outermost the caller check (the peer from its certificate, the
 * caller the gateway states, access policy from the contract, deny by default), then the evidence
 * check (officials' own tokens on authority-bearing methods), then status mapping.
 */
@Configuration(proxyBeanMethods = false)
@Import(MutualTlsServerConfiguration.class)
class GrpcConfiguration {

  @Bean
  @GlobalServerInterceptor
  @Order(0)
  CallerServerInterceptor callerServerInterceptor() {
    return new CallerServerInterceptor(PeerResolver.mutualTls());
  }

  /** No identity method carries an official's authority today; a future one is checked like disclosure's. */
  @Bean
  @GlobalServerInterceptor
  @Order(5)
  EvidenceServerInterceptor evidenceServerInterceptor(EvidenceVerifier verifier) {
    return new EvidenceServerInterceptor(verifier);
  }

  @Bean
  @GlobalServerInterceptor
  @Order(10)
  ErrorMappingInterceptor errorMappingInterceptor() {
    return new ErrorMappingInterceptor(GrpcErrors::refusal);
  }

  /**
   * Tells the gateway under which opaque key a CheckAccount answer's invalidations are announced,
   * and how long the standing holds; nothing while the answer cache announces no invalidations.
   */
  @Bean
  @GlobalServerInterceptor
  @Order(20)
  NearCacheHints nearCacheHints(RedisVerificationCache cache, Clock clock) {
    return new NearCacheHints(cache.invalidationChannel().isPresent() ? cache::key : (platform, account) -> null,
        clock);
  }

  /** The Idempotency-Key the gateway forwards, for CreateImport. */
  @Bean
  @GlobalServerInterceptor
  @Order(30)
  ForwardedHeader idempotencyKeyInterceptor() {
    return ForwardedHeader.IDEMPOTENCY_KEY;
  }

  /** The Idnet-Session the gateway forwards, for the hosted-pages methods. */
  @Bean
  @GlobalServerInterceptor
  @Order(31)
  ForwardedHeader idnetSessionInterceptor() {
    return ForwardedHeader.IDNET_SESSION;
  }

  @Bean
  AccountImportGrpcService accountImportGrpcService(AccountImports imports) {
    return new AccountImportGrpcService(imports);
  }

  @Bean
  AccountVerificationGrpcService accountVerificationGrpcService(AccountVerifier verifier, NearCacheHints hints) {
    return new AccountVerificationGrpcService(verifier, hints);
  }

  @Bean
  PhoneBindingGrpcService phoneBindingGrpcService(PhoneBinder binder) {
    return new PhoneBindingGrpcService(binder);
  }

  @Bean
  AccountGrpcService accountGrpcService(RealNameRegistrar registrar, AccountCloser closer,
      org.idnet.identity.hosted.domain.SessionRealNames sessions) {
    return new AccountGrpcService(registrar, closer, sessions);
  }

  @Bean
  NumberEventGrpcService numberEventGrpcService(NumberEventRecorder recorder, MeterRegistry meters) {
    return new NumberEventGrpcService(recorder, meters);
  }

  @Bean
  IdentityReleaseGrpcService identityReleaseGrpcService(IdentityRelease release) {
    return new IdentityReleaseGrpcService(release);
  }

  @Bean
  EventOutboxGrpcService eventOutboxGrpcService(EventFeed feed) {
    return new EventOutboxGrpcService(feed);
  }
}
