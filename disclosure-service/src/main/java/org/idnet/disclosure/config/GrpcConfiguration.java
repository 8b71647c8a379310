package org.idnet.disclosure.config;

import org.idnet.caller.CallerServerInterceptor;
import org.idnet.caller.PeerResolver;
import org.idnet.caller.evidence.EvidenceServerInterceptor;
import org.idnet.caller.evidence.EvidenceVerifier;
import org.idnet.caller.evidence.IssuerKeys;
import java.time.Clock;
import java.time.Duration;
import org.idnet.disclosure.api.GrpcErrors;
import org.idnet.grpc.errors.ErrorMappingInterceptor;
import org.idnet.headers.ForwardedHeader;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.idnet.tls.spring.MutualTlsServerConfiguration;

/**
 * The gRPC server, over mutual TLS only ({@code idnet.tls.*}), and the interceptors every call
 * passes, outermost first: the caller check (the peer from its certificate, the caller the gateway
 * states, access policy from the contract, deny by default), the evidence check (the official's own
 * token on authority-bearing methods), status mapping, then the Idempotency-Key and If-Match
 * hand-overs.
 * The standard health service is Spring gRPC's own (it registers one once the application has
 * services of its own).
 */
@Configuration(proxyBeanMethods = false)
@Import(MutualTlsServerConfiguration.class)
@EnableConfigurationProperties(EvidenceProperties.class)
class GrpcConfiguration {

  @Bean
  @GlobalServerInterceptor
  @Order(0)
  CallerServerInterceptor callerServerInterceptor() {
    return new CallerServerInterceptor(PeerResolver.mutualTls());
  }

  /** Refetches of the issuer's keys for unknown key ids: at most one a minute, as at the gateway. */
  static final Duration MIN_REFETCH = Duration.ofMinutes(1);
  /** A key set older than this is fetched again at the next use, so a removed key stops verifying. */
  static final Duration MAX_KEY_AGE = Duration.ofMinutes(5);

  @Bean
  EvidenceVerifier evidenceVerifier(EvidenceProperties properties, Clock clock) {
    return new EvidenceVerifier(new IssuerKeys(properties.issuerUri(), properties.jwksUri(), null, clock, MIN_REFETCH,
        MAX_KEY_AGE, org.idnet.caller.evidence.IssuerTrust.of(properties.trustFile())), properties.audience(), clock,
        properties.clockSkew());
  }

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

  @Bean
  @GlobalServerInterceptor
  @Order(20)
  ForwardedHeader idempotencyKeyInterceptor() {
    return ForwardedHeader.IDEMPOTENCY_KEY;
  }

  @Bean
  @GlobalServerInterceptor
  @Order(21)
  ForwardedHeader ifMatchInterceptor() {
    return ForwardedHeader.IF_MATCH;
  }
}
