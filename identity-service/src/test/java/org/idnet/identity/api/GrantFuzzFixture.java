package org.idnet.identity.api;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import com.google.protobuf.InvalidProtocolBufferException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.idnet.caller.evidence.Evidence;
import org.idnet.caller.evidence.EvidenceVerifier;
import org.idnet.caller.evidence.InvalidEvidenceException;
import org.idnet.identity.domain.CitizenId;
import org.idnet.identity.domain.FourEyes;
import org.idnet.identity.domain.GrantLedger;
import org.idnet.identity.domain.GrantRefusal;
import org.idnet.identity.domain.IdentityRelease;
import org.idnet.identity.domain.OfficialToken;
import org.idnet.identity.domain.OfficialTokens;
import org.idnet.identity.domain.PersonIdentity;
import org.idnet.identity.domain.PersonName;
import org.idnet.identity.domain.PersonStore;
import org.idnet.identity.domain.PhoneBindingStore;
import org.idnet.identity.domain.RefusedGrant;
import org.idnet.identity.domain.SignedGrant;
import org.idnet.identity.v1.DisclosureGrant;
import org.idnet.identity.store.TinkGrantSignatures;
import org.idnet.keysets.PublicKeysetFile;
import org.idnet.keysets.TinkRegistration;

/**
 * The release path of {@link GrantFuzzTest} with everything that judges a grant real: Tink's Ed25519
 * over a published public keyset file ({@link TinkGrantSignatures}), the contract's decoder, four eyes
 * over officials' RS256 tokens verified by caller-identity's {@link EvidenceVerifier}. Only the
 * stores are stand-ins (a ledger that remembers grant ids, one registered person, no phone), since
 * the property is about what reaches them.
 *
 * <p>Officials' tokens in a fuzzed grant are placeholders ({@link #OFFICER}, {@link #SUPERVISOR}),
 * replaced by tokens signed here: the key is made per run, so committed seeds name no key.
 */
final class GrantFuzzFixture {

  static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
  static final String OFFICER = "@officer";
  static final String SUPERVISOR = "@supervisor";
  static final String ISSUER = "https://issuer.fuzz.invalid/realms/idnet";
  static final PersonIdentity PERSON = new PersonIdentity(CitizenId.parse("079203001234"),
      PersonName.normalize("Nguyễn Văn An"), LocalDate.of(2003, 5, 1));

  final KeysetHandle grantKeys;
  final TinkGrantSignatures trusted;
  final Map<String, String> tokens;
  final List<GrantRefusal> refusals = new ArrayList<>();
  final Set<String> usedGrants = new HashSet<>();
  int ledgerCalls;
  int personReads;
  final IdentityRelease release;

  GrantFuzzFixture(Path directory) {
    TinkRegistration.ensure();
    try {
      grantKeys = KeysetHandle.generateNew(PredefinedSignatureParameters.ED25519);
      Path file = directory.resolve("grant-signing-public-keyset.json");
      PublicKeysetFile.write(file, grantKeys);
      trusted = new TinkGrantSignatures(file);
      RSAKey issuerKey = new RSAKeyGenerator(2048).keyID("fuzz-1").generate();
      tokens = Map.of(OFFICER, token(issuerKey, "officer-1", List.of(FourEyes.FILING_ROLE), NOW.minusSeconds(660)),
          SUPERVISOR, token(issuerKey, "supervisor-1", List.of(FourEyes.APPROVING_ROLE), NOW.minusSeconds(60)));
      Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
      EvidenceVerifier verifier = new EvidenceVerifier(new ImmutableJWKSet<>(new JWKSet(issuerKey.toPublicJWK())),
          ISSUER, "idnet", clock, Duration.ofSeconds(30));
      release = new IdentityRelease(trusted, new ProtoGrantDecoder(), ledger(), persons(), phones(), clock,
          new FourEyes(officials(verifier), Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofHours(72),
              Duration.ofHours(24)), (refusal, requestId, at) -> refusals.add(refusal));
    } catch (GeneralSecurityException | com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Signs exactly {@code grant} with the trusted key, as disclosure-service does. */
  SignedGrant sign(byte[] grant) {
    try {
      byte[] signature = grantKeys.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class).sign(grant);
      return new SignedGrant(grant, signature, Integer.toUnsignedString(grantKeys.getPrimary().getId()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The grant with its token placeholders replaced by real tokens; other bytes as they are. */
  byte[] withTokens(byte[] grant) {
    DisclosureGrant decoded;
    try {
      decoded = DisclosureGrant.parseFrom(grant);
    } catch (InvalidProtocolBufferException notAGrant) {
      return grant;
    }
    if (!tokens.containsKey(decoded.getFilerToken()) && !tokens.containsKey(decoded.getApproverToken())) {
      return grant;
    }
    return GrantSigner.deterministic(decoded.toBuilder()
        .setFilerToken(tokens.getOrDefault(decoded.getFilerToken(), decoded.getFilerToken()))
        .setApproverToken(tokens.getOrDefault(decoded.getApproverToken(), decoded.getApproverToken())).build());
  }

  private static String token(RSAKey key, String official, List<String> roles, Instant issuedAt)
      throws com.nimbusds.jose.JOSEException {
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(List.of("idnet"))
        .subject("uuid-of-" + official).issueTime(Date.from(issuedAt))
        .expirationTime(Date.from(issuedAt.plus(Duration.ofMinutes(5)))).claim("azp", "agency-app")
        .claim("preferred_username", official).claim("agency_id", "agency-1")
        .claim("realm_access", Map.of("roles", roles)).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
        .type(JOSEObjectType.JWT).build(), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private static OfficialTokens officials(EvidenceVerifier verifier) {
    return token -> {
      Evidence evidence;
      try {
        evidence = verifier.verify(token, false);
      } catch (InvalidEvidenceException e) {
        throw new OfficialTokens.InvalidToken(e.check());
      }
      String signingInput;
      try {
        signingInput = new String(SignedJWT.parse(token).getSigningInput(), StandardCharsets.US_ASCII);
      } catch (java.text.ParseException e) {
        throw new OfficialTokens.InvalidToken("malformed");
      }
      return new OfficialToken(evidence.official(), evidence.agencyId(), evidence.roles(), evidence.issuedAt(),
          evidence.expiresAt(), signingInput);
    };
  }

  private GrantLedger ledger() {
    return (use, approval, scope, read) -> {
      ledgerCalls++;
      if (!usedGrants.add(use.grantId().toString())) {
        throw new RefusedGrant(GrantRefusal.REPLAYED);
      }
      return read.get();
    };
  }

  private PersonStore persons() {
    return new PersonStore() {
      @Override
      public org.idnet.identity.domain.RealNameOutcome link(org.idnet.identity.domain.PersonLink link, Instant now) {
        throw new AssertionError("a release never links a person");
      }

      @Override
      public Optional<PersonIdentity> identity(org.idnet.identity.domain.AccountRef account) {
        personReads++;
        return Optional.of(PERSON);
      }
    };
  }

  private static PhoneBindingStore phones() {
    return new PhoneBindingStore() {
      @Override
      public org.idnet.identity.domain.PhoneStanding bind(org.idnet.identity.domain.PhoneBindingRequest request,
          Instant now) {
        throw new AssertionError("a release never binds a phone");
      }

      @Override
      public org.idnet.identity.domain.PhoneStanding standing(org.idnet.identity.domain.AccountRef account) {
        throw new AssertionError("a release reads no standing");
      }

      @Override
      public Optional<org.idnet.identity.domain.BoundPhone> activeBinding(org.idnet.identity.domain.AccountRef a) {
        return Optional.empty();
      }
    };
  }
}
