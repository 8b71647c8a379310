package org.idnet.disclosure.release.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.idnet.disclosure.release.domain.GrantScope;
import org.idnet.disclosure.release.domain.IdentityField;
import org.idnet.disclosure.release.domain.SignedGrant;
import org.idnet.identity.v1.DisclosureGrant;
import org.idnet.keysets.TinkRegistration;
import org.idnet.proto.DeterministicBytes;
import org.junit.jupiter.api.Test;

/** Grants as identity-service expects them: Ed25519 over the exact deterministic bytes, short-lived, for identity-service. */
class TinkGrantIssuerTest {

  static final Instant NOW = Instant.parse("2026-05-06T07:08:09.123456789Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  static KeysetHandle signingKeyset() throws Exception {
    TinkRegistration.ensure();
    return KeysetHandle.generateNew(PredefinedSignatureParameters.ED25519);
  }

  static GrantScope scope(IdentityField... fields) {
    return TestScopes.scope(UUID.randomUUID(), "platform-a", "alice", Set.of(fields));
  }

  @Test
  void issuedGrantNamesTheScopeForIdentityServiceAndLivesTheConfiguredTime() throws Exception {
    TinkGrantIssuer issuer = new TinkGrantIssuer(signingKeyset(), CLOCK, Duration.ofSeconds(30));
    GrantScope scope = scope(IdentityField.PHONE_NUMBER, IdentityField.FULL_NAME);

    SignedGrant signed = issuer.issue(scope);
    DisclosureGrant grant = DisclosureGrant.parseFrom(signed.grant());

    assertThat(grant.getGrantId()).isEqualTo(signed.grantId());
    assertThat(UUID.fromString(grant.getGrantId()).version()).isEqualTo(4);
    assertThat(grant.getRequestId()).isEqualTo(scope.requestId().toString());
    assertThat(grant.getPlatformId()).isEqualTo("platform-a");
    assertThat(grant.getAccountId()).isEqualTo("alice");
    assertThat(grant.getFieldsList()).containsExactly(org.idnet.identity.v1.IdentityField.FULL_NAME,
        org.idnet.identity.v1.IdentityField.PHONE_NUMBER);
    assertThat(grant.getAudience()).isEqualTo("identity-service");
    assertThat(grant.getIssuedAt().getSeconds()).isEqualTo(NOW.getEpochSecond());
    assertThat(grant.getExpiresAt().getSeconds() - grant.getIssuedAt().getSeconds()).isEqualTo(30);
    assertThat(signed.expiresAt()).isEqualTo(NOW.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).plusSeconds(30));
    // The signed bytes are the deterministic serialization of what they say.
    assertThat(signed.grant()).isEqualTo(DeterministicBytes.of(grant));
  }

  @Test
  void signatureVerifiesWithThePublicKeyTheKeyIdNamesAndNotOverOtherBytes() throws Exception {
    KeysetHandle keyset = signingKeyset();
    SignedGrant signed = new TinkGrantIssuer(keyset, CLOCK, Duration.ofSeconds(30))
        .issue(scope(IdentityField.NATIONAL_ID));
    PublicKeyVerify verify = keyset.getPublicKeysetHandle().getPrimitive(RegistryConfiguration.get(),
        PublicKeyVerify.class);

    verify.verify(signed.signature(), signed.grant());
    assertThat(signed.keyId()).isEqualTo(Integer.toUnsignedString(keyset.getPrimary().getId()));
    // TINK output prefix: version byte, then the key id the request names.
    assertThat(signed.signature()[0]).isEqualTo((byte) 1);
    assertThat(Integer.toUnsignedString(ByteBuffer.wrap(signed.signature(), 1, 4).getInt())).isEqualTo(signed.keyId());
    byte[] altered = signed.grant();
    altered[altered.length - 1] ^= 1;
    assertThatThrownBy(() -> verify.verify(signed.signature(), altered)).isInstanceOf(Exception.class);
  }

  @Test
  void everyGrantIsNewEvenForTheSameScope() throws Exception {
    TinkGrantIssuer issuer = new TinkGrantIssuer(signingKeyset(), CLOCK, Duration.ofSeconds(30));
    GrantScope scope = scope(IdentityField.values());

    SignedGrant first = issuer.issue(scope);
    SignedGrant second = issuer.issue(scope);

    assertThat(second.grantId()).isNotEqualTo(first.grantId());
    assertThat(DisclosureGrant.parseFrom(second.grant()).getFieldsCount())
        .isEqualTo(EnumSet.allOf(IdentityField.class).size());
  }

  @Test
  void aLifetimeAboveSixtySecondsOrAKeyWithoutTheTinkPrefixIsRefusedAtStart() throws Exception {
    KeysetHandle keyset = signingKeyset();

    assertThatThrownBy(() -> new TinkGrantIssuer(keyset, CLOCK, Duration.ofSeconds(61)))
        .hasMessageContaining("at most 60 s");
    assertThatThrownBy(() -> new TinkGrantIssuer(keyset, CLOCK, Duration.ZERO)).hasMessageContaining("at most 60 s");
    assertThat(new TinkGrantIssuer(keyset, CLOCK, Duration.ofSeconds(60)).issue(scope(IdentityField.FULL_NAME)))
        .isNotNull();
    assertThatThrownBy(() -> new TinkGrantIssuer(KeysetHandle.generateNew(
        PredefinedSignatureParameters.ED25519WithRawOutput), CLOCK, Duration.ofSeconds(30)))
        .hasMessageContaining("TINK output prefix");
    assertThatThrownBy(() -> new TinkGrantIssuer(KeysetHandle.generateNew(PredefinedSignatureParameters.ECDSA_P256),
        CLOCK, Duration.ofSeconds(30))).hasMessageContaining("Ed25519");
  }
}
