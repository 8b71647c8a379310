package org.idnet.identity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.idnet.identity.api.GrantFuzzFixture.NOW;
import static org.idnet.identity.api.GrantFuzzFixture.PERSON;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.UUID;
import org.idnet.identity.domain.AccountRef;
import org.idnet.identity.domain.FailureReason;
import org.idnet.identity.domain.GrantRefusal;
import org.idnet.identity.domain.IdentityException;
import org.idnet.identity.domain.ReleasedIdentity;
import org.idnet.identity.domain.SignatureCheck;
import org.idnet.identity.domain.SignedGrant;
import org.idnet.identity.v1.DisclosureGrant;
import org.idnet.identity.v1.FiledRequest;
import org.idnet.identity.v1.IdentityField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes how identity-service judges disclosure grants (security.md, Disclosure: a replayed,
 * expired, altered or over-broad grant gets nothing), through {@link GrantFuzzFixture}'s real
 * signature check, decoder and four-eyes check.
 */
class GrantFuzzTest {

  @TempDir
  static Path directory;
  static GrantFuzzFixture fixture;
  static SignedGrant original;

  @BeforeAll
  static void start() {
    fixture = new GrantFuzzFixture(directory);
    original = fixture.sign(fixture.withTokens(GrantSigner.deterministic(GrantFuzzSeeds.valid())));
    assertThat(fixture.trusted.check(original)).isEqualTo(SignatureCheck.VALID);
    // The fixture must be able to release at all, or every property below would hold vacuously.
    assertThat(fixture.release.release(original).fullName()).isEqualTo(PERSON.fullName().value());
    fixture.usedGrants.clear();
  }

  /**
   * A grant whose bytes or signature differ in any way from what the trusted key signed never
   * verifies and reaches neither the ledger nor the personal data. The input is a list of edits of
   * 5 bytes each: part (grant, signature, key id), operation (change, insert, delete, truncate),
   * position (2 bytes) and value.
   */
  @FuzzTest
  void alteredGrantNeverVerifies(byte[] edits) {
    byte[][] parts = {original.grant(), original.signature(), original.keyId().getBytes(StandardCharsets.US_ASCII)};
    for (int i = 0; i + 5 <= edits.length && i < 5 * 8; i += 5) {
      int part = Byte.toUnsignedInt(edits[i]) % 3;
      parts[part] = edit(parts[part], edits, i + 1);
    }
    SignedGrant altered = new SignedGrant(parts[0], parts[1], new String(parts[2], StandardCharsets.ISO_8859_1));
    SignatureCheck check = fixture.trusted.check(altered);
    if (Arrays.equals(parts[0], original.grant()) && Arrays.equals(parts[1], original.signature())) {
      // Only the key id text changed: it verifies exactly when it still names the same key ("+0123" does).
      assertThat(check).isEqualTo(sameKey(altered.keyId()) ? SignatureCheck.VALID : SignatureCheck.UNKNOWN_KEY);
      return;
    }
    assertThat(check).isIn(SignatureCheck.UNKNOWN_KEY, SignatureCheck.INVALID);
    int ledger = fixture.ledgerCalls;
    int reads = fixture.personReads;
    int refusals = fixture.refusals.size();
    IdentityException refused = catchThrowableOfType(IdentityException.class, () -> fixture.release.release(altered));
    assertThat(refused).isNotNull();
    assertThat(refused.reason()).isEqualTo(FailureReason.GRANT_REFUSED);
    assertThat(refused.details().get(GrantRefusal.CHECK)).isIn("unknown-key", "signature");
    assertThat(fixture.ledgerCalls).isEqualTo(ledger);
    assertThat(fixture.personReads).isEqualTo(reads);
    assertThat(fixture.refusals).hasSize(refusals + 1);
  }

  /**
   * Any bytes the trusted key signed (a disclosure-service taken over, or one with a bug): refused
   * with GRANT_REFUSED and the failed check recorded, or released only when every rule of
   * security.md holds, with the granted fields and nothing else; and never released twice.
   */
  @FuzzTest
  void signedGrantIsReleasedOnlyWhenEveryCheckHolds(byte[] grant) {
    fixture.usedGrants.clear();
    SignedGrant signed = fixture.sign(fixture.withTokens(grant));
    int ledger = fixture.ledgerCalls;
    int reads = fixture.personReads;
    int refusals = fixture.refusals.size();
    ReleasedIdentity released;
    try {
      released = fixture.release.release(signed);
    } catch (IdentityException refused) {
      assertThat(refused.reason()).isEqualTo(FailureReason.GRANT_REFUSED);
      assertThat(fixture.refusals).hasSize(refusals + 1);
      assertThat(fixture.refusals.getLast().check()).isEqualTo(refused.details().get(GrantRefusal.CHECK));
      assertThat(fixture.ledgerCalls).isEqualTo(ledger);
      assertThat(fixture.personReads).isEqualTo(reads);
      return;
    }
    DisclosureGrant decoded;
    try {
      decoded = DisclosureGrant.parseFrom(signed.grant());
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("released a grant that is not a DisclosureGrant", e);
    }
    assertReleasable(decoded);
    EnumSet<IdentityField> fields = EnumSet.copyOf(decoded.getFieldsList());
    assertThat(released.fullName())
        .isEqualTo(fields.contains(IdentityField.FULL_NAME) ? PERSON.fullName().value() : null);
    assertThat(released.nationalId())
        .isEqualTo(fields.contains(IdentityField.NATIONAL_ID) ? PERSON.citizenId().value() : null);
    assertThat(released.dateOfBirth())
        .isEqualTo(fields.contains(IdentityField.DATE_OF_BIRTH) ? PERSON.dateOfBirth().toString() : null);
    assertThat(released.phoneNumber()).isNull();
    IdentityException replayed = catchThrowableOfType(IdentityException.class, () -> fixture.release.release(signed));
    assertThat(replayed).isNotNull();
    assertThat(replayed.details().get(GrantRefusal.CHECK)).isEqualTo("replayed");
  }

  /** security.md's rules for a grant, restated independently of IdentityRelease and FourEyes. */
  private static void assertReleasable(DisclosureGrant g) {
    assertThat(g.getAudience()).isEqualTo("identity-service");
    Instant issued = instant(g.getIssuedAt());
    Instant expires = instant(g.getExpiresAt());
    assertThat(NOW).isBefore(expires.plusSeconds(5));
    assertThat(issued).isBeforeOrEqualTo(NOW.plusSeconds(5));
    Duration lifetime = Duration.between(issued, expires);
    assertThat(lifetime.isPositive() && lifetime.compareTo(Duration.ofSeconds(60)) <= 0).as("lifetime").isTrue();
    assertThat(g.getFieldsList()).isNotEmpty().doesNotContain(IdentityField.IDENTITY_FIELD_UNSPECIFIED,
        IdentityField.UNRECOGNIZED);
    new AccountRef(g.getPlatformId(), g.getAccountId());
    assertThat(UUID.fromString(g.getGrantId()).toString()).isEqualToIgnoringCase(g.getGrantId());
    assertThat(UUID.fromString(g.getRequestId()).toString()).isEqualToIgnoringCase(g.getRequestId());
    assertThat(g.hasFiled()).isTrue();
    FiledRequest filed = g.getFiled();
    assertThat(filed.getRequestId()).isEqualTo(g.getRequestId());
    assertThat(filed.getPlatformId()).isEqualTo(g.getPlatformId());
    assertThat(filed.getAccountId()).isEqualTo(g.getAccountId());
    assertThat(EnumSet.copyOf(filed.getFieldsList())).isEqualTo(EnumSet.copyOf(g.getFieldsList()));
    assertThat(g.getDigest()).isEqualTo(ProtoGrantDecoder.digest(filed));
    Duration life = Duration.between(instant(filed.getFiledAt()), instant(filed.getDueAt()));
    assertThat(life.isPositive() && life.compareTo(Duration.ofHours(72)) <= 0).as("request life").isTrue();
    // Four eyes: filed by officer-1 with the officer's token, approved with the supervisor's.
    assertThat(filed.getRequestedBy()).isEqualTo("officer-1");
    assertThat(filed.getAgencyId()).isEqualTo("agency-1");
    assertThat(g.getFilerToken()).isEqualTo(fixture.tokens.get(GrantFuzzFixture.OFFICER));
    assertThat(g.getApproverToken()).isEqualTo(fixture.tokens.get(GrantFuzzFixture.SUPERVISOR));
  }

  private static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  private static boolean sameKey(String keyId) {
    try {
      return Integer.parseUnsignedInt(keyId) == Integer.parseUnsignedInt(original.keyId());
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** One edit: operation, position (2 bytes) and value from {@code in[at..at+3]}. */
  private static byte[] edit(byte[] bytes, byte[] in, int at) {
    int operation = Byte.toUnsignedInt(in[at]) % 4;
    int position = ((Byte.toUnsignedInt(in[at + 1]) << 8) | Byte.toUnsignedInt(in[at + 2])) % (bytes.length + 1);
    byte value = in[at + 3];
    byte[] out;
    switch (operation) {
      case 0 -> {
        if (position == bytes.length) {
          out = Arrays.copyOf(bytes, bytes.length + 1);
          out[position] = value;
        } else {
          out = bytes.clone();
          out[position] ^= value == 0 ? 1 : value;
        }
      }
      case 1 -> {
        out = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, out, 0, position);
        out[position] = value;
        System.arraycopy(bytes, position, out, position + 1, bytes.length - position);
      }
      case 2 -> {
        if (position == bytes.length) {
          return bytes;
        }
        out = new byte[bytes.length - 1];
        System.arraycopy(bytes, 0, out, 0, position);
        System.arraycopy(bytes, position + 1, out, position, bytes.length - position - 1);
      }
      default -> out = Arrays.copyOf(bytes, position);
    }
    return out;
  }
}
