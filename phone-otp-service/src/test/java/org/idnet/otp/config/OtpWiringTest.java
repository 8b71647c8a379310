package org.idnet.otp.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.idnet.grpc.errors.ErrorMappingInterceptor;
import org.idnet.otp.api.PhoneVerificationGrpcService;
import org.idnet.otp.api.SandboxSmsGrpcService;
import org.idnet.otp.domain.SmsSender;
import org.idnet.otp.store.HttpSmsSender;
import org.idnet.otp.store.InMemorySmsOutbox;
import org.idnet.otp.store.RedisSmsOutbox;
import org.idnet.otp.testing.OtpHarness;
import org.idnet.phone.PhoneNumber;
import org.idnet.sandbox.v1.ListSmsRequest;
import org.idnet.sandbox.v1.ListSmsResponse;
import org.idnet.tls.spring.MutualTlsConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Which adapters exist in which profile, and start-up refusing incomplete configuration. */
class OtpWiringTest {

  private static final java.nio.file.Path TLS = tls();

  private static java.nio.file.Path tls() {
    try {
      return org.idnet.tls.dev.DevelopmentCa.create("otp-wiring CA", java.time.Duration.ofDays(1))
          .issueTo(java.nio.file.Files.createTempDirectory("otp-wiring-tls"), "phone-otp-service");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withUserConfiguration(OtpConfiguration.class, CallerConfiguration.class, SmsConfiguration.class,
          IdentityConfiguration.class, GrpcConfiguration.class, MutualTlsConfiguration.class)
      .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
      .withPropertyValues(
          "idnet.tls.directory=" + TLS,
          "idnet.otp.code-hash-key=" + OtpHarness.base64(OtpHarness.CODE_HASH_KEY),
          "idnet.otp.data-key=" + OtpHarness.base64(OtpHarness.DATA_KEY));

  @Test
  void startWhenNoProfileThenHttpSenderAndNoListSms() {
    runner.withPropertyValues("idnet.otp.sms.http.url=http://127.0.0.1:1/sms", "idnet.otp.sms.http.api-key=k")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(SmsSender.class)).isInstanceOf(HttpSmsSender.class);
          assertThat(context).hasSingleBean(PhoneVerificationGrpcService.class);
          assertThat(context).hasSingleBean(ErrorMappingInterceptor.class);
          assertThat(context).doesNotHaveBean(SandboxSmsGrpcService.class);
          assertThat(context.getBean(OtpProperties.class).toString()).doesNotContain(OtpHarness.base64(OtpHarness.DATA_KEY));
        });
  }

  @Test
  void startWhenSandboxProfileThenOutboxAndListSms() {
    runner.withPropertyValues("idnet.otp.sms.adapter=outbox")
        .withInitializer(context -> context.getEnvironment().setActiveProfiles("sandbox"))
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(SmsSender.class)).isInstanceOf(RedisSmsOutbox.class);
          assertThat(context).hasSingleBean(SandboxSmsGrpcService.class);
        });
  }

  @Test
  void startWhenSandboxProfileAndRecordingAdapterThenNothingSentAndListSmsReadsItsMemory() {
    runner.withPropertyValues("idnet.otp.sms.adapter=recording")
        .withInitializer(context -> context.getEnvironment().setActiveProfiles("sandbox"))
        .run(context -> {
          assertThat(context).hasNotFailed();
          SmsSender sender = context.getBean(SmsSender.class);
          assertThat(sender).isInstanceOf(InMemorySmsOutbox.class);
          sender.send(PhoneNumber.of(84, "931234567"), "Your code is 123456");
          List<ListSmsResponse> answers = new ArrayList<>();
          context.getBean(SandboxSmsGrpcService.class).listSms(ListSmsRequest.newBuilder().setTo("+84931234567").build(),
              new StreamObserver<>() {
                @Override
                public void onNext(ListSmsResponse value) {
                  answers.add(value);
                }

                @Override
                public void onError(Throwable t) {
                  throw new AssertionError(t);
                }

                @Override
                public void onCompleted() {
                }
              });
          assertThat(answers).singleElement().satisfies(answer ->
              assertThat(answer.getMessagesList()).singleElement().satisfies(sms ->
                  assertThat(sms.getText()).isEqualTo("Your code is 123456")));
        });
  }

  @Test
  void startWhenRecordingWithoutSandboxProfileThenFails() {
    runner.withPropertyValues("idnet.otp.sms.adapter=recording")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("idnet.otp.sms.adapter=recording needs the sandbox profile"));
  }

  @Test
  void startWhenHttpAdapterWithoutUrlThenFailsNamingTheProperty() {
    runner.run(context -> assertThat(context).getFailure().rootCause()
        .hasMessageContaining("idnet.otp.sms.http.url is required"));
  }

  @Test
  void startWhenSmsUrlIsPlainHttpToAnotherHostThenFailsNamingTheProperty() {
    runner.withPropertyValues("idnet.otp.sms.http.url=http://sms.provider.invalid/v1/messages",
            "idnet.otp.sms.http.api-key=sms-wiring-test-key")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageStartingWith("idnet.otp.sms.http.url must be an https:// URL")
            .hasMessageContaining("not http://sms.provider.invalid")
            .hasMessageNotContaining("sms-wiring-test-key"));
  }

  @Test
  void startWhenOutboxWithoutSandboxProfileThenFails() {
    runner.withPropertyValues("idnet.otp.sms.adapter=outbox")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("needs the sandbox profile"));
  }

  @Test
  void startWhenCodeHashKeyMissingThenFailsNamingTheProperty() {
    runner.withPropertyValues("idnet.otp.code-hash-key=", "idnet.otp.sms.http.url=https://x", "idnet.otp.sms.http.api-key=k")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("idnet.otp.code-hash-key is required"));
  }

  @Test
  void startWhenDataKeyWrongLengthThenFails() {
    runner.withPropertyValues("idnet.otp.data-key=c2hvcnQ=", "idnet.otp.sms.http.url=https://x", "idnet.otp.sms.http.api-key=k")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("idnet.otp.data-key"));
  }

  @Test
  void startWhenTlsDirectoryMissingThenFailsNeverPlaintext() {
    runner.withPropertyValues("idnet.tls.directory=", "idnet.otp.sms.http.url=https://x", "idnet.otp.sms.http.api-key=k")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("idnet.tls.directory is not set"));
  }

  @Test
  void startWhenOnePlatformMayTakeMoreThanAFifthOfACeilingThenFailsNamingIt() {
    runner.withPropertyValues("idnet.otp.sms.http.url=https://x", "idnet.otp.sms.http.api-key=k",
            "idnet.otp.limits.max-failed-checks-per-phone-per-platform=21")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("idnet.otp.limits.max-failed-checks-per-phone")
            .hasMessageContaining("at most a fifth"));
    runner.withPropertyValues("idnet.otp.sms.http.url=https://x", "idnet.otp.sms.http.api-key=k",
            "idnet.otp.limits.max-verifications-per-phone=10")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("idnet.otp.limits.max-verifications-per-phone"));
  }

  @Test
  void startWhenIdempotencyWindowShorterThanAVerificationsLifeThenFails() {
    runner.withPropertyValues("idnet.otp.sms.http.url=https://x", "idnet.otp.sms.http.api-key=k",
            "idnet.otp.idempotency-window=10m")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("idnet.otp.idempotency-window must be at least"));
  }

  @Test
  void startWhenSentinelUrlAndTrustFileThenTheStoreIsWiredToThemWithoutConnectingYet() {
    java.nio.file.Path ca = TLS.resolve("ca.crt");
    runner.withPropertyValues("idnet.otp.sms.http.url=https://x", "idnet.otp.sms.http.api-key=k",
            "idnet.otp.redis-url=rediss-sentinel://:pw@127.0.0.1:1,127.0.0.1:2/0#idnet", "idnet.redis.trust-file=" + ca)
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(OtpProperties.class).toString()).contains("rediss-sentinel://***@127.0.0.1:1")
              .doesNotContain(":pw@");
        });
  }

  @Test
  void startWhenTrustFileWithAPlainRedisUrlThenFailsNamingBoth() {
    runner.withPropertyValues("idnet.otp.sms.http.url=https://x", "idnet.otp.sms.http.api-key=k",
            "idnet.redis.trust-file=" + TLS.resolve("ca.crt"))
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("idnet.redis.trust-file is set but idnet.otp.redis-url (redis://) does not use TLS"));
  }

  @Test
  void startWhenTrustFileMissingThenFailsNamingIt() {
    runner.withPropertyValues("idnet.otp.sms.http.url=https://x", "idnet.otp.sms.http.api-key=k",
            "idnet.otp.redis-url=rediss://redis.example:6379", "idnet.redis.trust-file=/nonexistent/ca.crt")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("idnet.redis.trust-file /nonexistent/ca.crt is not a file"));
  }
}
