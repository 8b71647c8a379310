package org.idnet.identity.config;

import org.idnet.caller.CallerCodec;
import org.idnet.caller.CallerServerInterceptor;
import org.idnet.caller.evidence.EvidenceServerInterceptor;
import org.idnet.caller.evidence.EvidenceVerifier;
import org.idnet.identity.api.AccountGrpcService;
import org.idnet.identity.api.AccountVerificationGrpcService;
import org.idnet.grpc.errors.ErrorMappingInterceptor;
import org.idnet.identity.api.GrpcErrors;
import org.idnet.identity.api.IdentityReleaseGrpcService;
import org.idnet.identity.api.NumberEventGrpcService;
import org.idnet.identity.api.PhoneBindingGrpcService;
import org.idnet.identity.domain.AccountCloser;
import org.idnet.identity.domain.AccountVerifier;
import org.idnet.identity.domain.IdentityRelease;
import org.idnet.identity.domain.NumberEventRecorder;
import org.idnet.identity.domain.PhoneBinder;
import org.idnet.identity.domain.RealNameRegistrar;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;

/**
 * The gRPC face: the services, and the interceptors every call passes. Outermost the caller check
 * (signed identity, access policy from the contract, deny by default), then the evidence check
 * (officials' own tokens on authority-bearing methods), then status mapping.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CallerProperties.class)
class GrpcConfiguration {

  @Bean
  CallerCodec callerCodec(CallerProperties properties) {
    return CallerCodec.fromBase64Key(properties.signingKey());
  }

  @Bean
  @GlobalServerInterceptor
  @Order(0)
  CallerServerInterceptor callerServerInterceptor(CallerCodec codec) {
    return new CallerServerInterceptor(codec);
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

  @Bean
  AccountVerificationGrpcService accountVerificationGrpcService(AccountVerifier verifier) {
    return new AccountVerificationGrpcService(verifier);
  }

  @Bean
  PhoneBindingGrpcService phoneBindingGrpcService(PhoneBinder binder) {
    return new PhoneBindingGrpcService(binder);
  }

  @Bean
  AccountGrpcService accountGrpcService(RealNameRegistrar registrar, AccountCloser closer) {
    return new AccountGrpcService(registrar, closer);
  }

  @Bean
  NumberEventGrpcService numberEventGrpcService(NumberEventRecorder recorder) {
    return new NumberEventGrpcService(recorder);
  }

  @Bean
  IdentityReleaseGrpcService identityReleaseGrpcService(IdentityRelease release) {
    return new IdentityReleaseGrpcService(release);
  }
}
