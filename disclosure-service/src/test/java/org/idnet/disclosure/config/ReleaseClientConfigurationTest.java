package org.idnet.disclosure.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.idnet.disclosure.TestPeers;
import org.idnet.tls.spring.MutualTlsConfiguration;
import org.idnet.disclosure.release.domain.GrantIssuer;
import org.idnet.disclosure.release.domain.IdentityField;
import org.idnet.disclosure.release.domain.IdentityReleaser;
import org.idnet.disclosure.release.domain.PackageCipher;
import org.idnet.disclosure.release.domain.SignedGrant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code idnet.disclosure.identity}: the release ports, their defaults, and the 60 s grant ceiling. */
class ReleaseClientConfigurationTest {

  @TempDir
  Path keys;

  ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withUserConfiguration(KeysConfiguration.class, ReleaseClientConfiguration.class, MutualTlsConfiguration.class)
        .withBean(Clock.class, Clock::systemUTC)
        .withPropertyValues("idnet.disclosure.keys.directory=" + keys, "idnet.disclosure.keys.create-if-missing=true",
            "idnet.tls.directory=" + TestPeers.certificates("disclosure-service").resolve("disclosure-service"));
  }

  @Test
  void startWhenDefaultsThenEveryPortAndGrantsOfThirtySecondsSignedWithTheGrantKey() {
    runner().run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(IdentityReleaser.class).hasSingleBean(PackageCipher.class);
      ReleaseClientProperties properties = context.getBean(ReleaseClientProperties.class);
      assertThat(properties.target()).isEqualTo("localhost:9092");
      assertThat(properties.deadline()).isEqualTo(Duration.ofSeconds(2));
      assertThat(context.getBean(ManagedChannel.class).authority()).isEqualTo("localhost:9092");
      SignedGrant grant = context.getBean(GrantIssuer.class).issue(org.idnet.disclosure.release.api.TestScopes.scope(java.util.UUID.randomUUID(),
          "platform-a", "alice", java.util.Set.of(IdentityField.FULL_NAME)));
      assertThat(Duration.between(java.time.Instant.now(), grant.expiresAt())).isBetween(Duration.ofSeconds(25),
          Duration.ofSeconds(30));
      assertThat(grant.keyId()).isEqualTo(Integer.toUnsignedString(
          context.getBean(DisclosureKeysets.class).grantSigning().getPrimary().getId()));
    });
  }

  @Test
  void startWhenGrantLifetimeAboveSixtySecondsThenFailsNamingTheProperty() {
    runner().withPropertyValues("idnet.disclosure.identity.grant-lifetime=61s").run(context ->
        assertThat(context).getFailure().rootCause()
            .hasMessageContaining("idnet.disclosure.identity.grant-lifetime must be more than 0s and at most 60s"));
  }

  @Test
  void stopThenTheChannelIsShutDown() {
    ManagedChannel[] channel = new ManagedChannel[1];
    runner().withPropertyValues("idnet.disclosure.identity.target=identity.example:9092")
        .run(context -> channel[0] = context.getBean(ManagedChannel.class));

    assertThat(channel[0].isShutdown()).isTrue();
  }
}
