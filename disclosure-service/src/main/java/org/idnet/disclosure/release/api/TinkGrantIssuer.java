package org.idnet.disclosure.release.api;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.signature.Ed25519Parameters;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;
import org.idnet.disclosure.api.IdentityFieldMapping;
import org.idnet.disclosure.api.ProtoTime;
import org.idnet.disclosure.release.domain.GrantIssuer;
import org.idnet.disclosure.release.domain.GrantScope;
import org.idnet.disclosure.release.domain.SignedGrant;
import org.idnet.identity.v1.DisclosureGrant;
import org.idnet.keysets.TinkRegistration;
import org.idnet.proto.DeterministicBytes;

/**
 * Signs grants for identity-service: an Ed25519 signature (Tink, TINK output prefix, so the
 * signature also names its key) over the deterministic serialization of a {@link DisclosureGrant}.
 * Each grant gets a random id (identity-service remembers it, so it is used once), the audience
 * "identity-service", and a short life: the less time a grant lives, the less a stolen one is worth.
 * It carries the evidence identity-service checks on its own: the request as filed, its digest,
 * and the filing officer's and approving supervisor's access tokens.
 */
public final class TinkGrantIssuer implements GrantIssuer {

  public static final String AUDIENCE = "identity-service";
  /** identity-service refuses grants that live longer (security.md: at most 60 s). */
  public static final Duration MAX_LIFETIME = Duration.ofSeconds(60);

  private final PublicKeySign signer;
  private final String keyId;
  private final Clock clock;
  private final Duration lifetime;

  /**
   * @param grantSigning the grant-signing keyset; its primary key signs
   * @param lifetime how long a grant is valid, at most {@link #MAX_LIFETIME}
   */
  public TinkGrantIssuer(KeysetHandle grantSigning, Clock clock, Duration lifetime) {
    if (lifetime == null || !lifetime.isPositive() || lifetime.compareTo(MAX_LIFETIME) > 0) {
      throw new IllegalArgumentException("a grant lives more than 0 s and at most 60 s, not " + lifetime);
    }
    TinkRegistration.ensure();
    if (!(grantSigning.getPrimary().getKey().getParameters() instanceof Ed25519Parameters parameters)
        || parameters.getVariant() != Ed25519Parameters.Variant.TINK) {
      throw new IllegalStateException("the grant-signing key must be Ed25519 with the TINK output prefix, "
          + "which identity-service requires");
    }
    try {
      this.signer = grantSigning.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the grant-signing keyset does not give a signer", e);
    }
    this.keyId = Integer.toUnsignedString(grantSigning.getPrimary().getId());
    this.clock = Objects.requireNonNull(clock, "clock");
    this.lifetime = lifetime;
  }

  @Override
  public SignedGrant issue(GrantScope scope) {
    String grantId = UUID.randomUUID().toString();
    // Whole milliseconds: the grant's times read the same in both services' logs and stores.
    Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Instant expiresAt = issuedAt.plus(lifetime);
    DisclosureGrant.Builder grant = DisclosureGrant.newBuilder()
        .setGrantId(grantId)
        .setRequestId(scope.requestId().toString())
        .setPlatformId(scope.platformId())
        .setAccountId(scope.accountId())
        .setIssuedAt(ProtoTime.of(issuedAt))
        .setExpiresAt(ProtoTime.of(expiresAt))
        .setAudience(AUDIENCE)
        .setFiled(ProtoRequestDigester.toProto(scope.filed()))
        .setDigest(scope.digest())
        .setFilerToken(scope.filerToken())
        .setApproverToken(scope.approverToken());
    // In enum order, so equal scopes give equal field lists whatever the set's iteration order.
    scope.fields().stream().sorted().forEach(field -> grant.addFields(IdentityFieldMapping.toProto(field)));
    byte[] bytes = DeterministicBytes.of(grant.build());
    try {
      return new SignedGrant(grantId, bytes, signer.sign(bytes), keyId, expiresAt);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not sign a grant", e);
    }
  }
}
