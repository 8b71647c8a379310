package org.idnet.identity.api;

import static org.idnet.identity.api.GrantFuzzFixture.NOW;
import static org.idnet.identity.api.GrantFuzzFixture.OFFICER;
import static org.idnet.identity.api.GrantFuzzFixture.SUPERVISOR;
import static org.idnet.identity.api.GrantSigner.deterministic;
import static org.idnet.identity.api.GrantSigner.timestamp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.idnet.identity.v1.DisclosureGrant;
import org.idnet.identity.v1.FiledRequest;
import org.idnet.identity.v1.IdentityField;

/**
 * The seeds of {@link GrantFuzzTest#signedGrantIsReleasedOnlyWhenEveryCheckHolds}: a grant that
 * releases at {@link GrantFuzzFixture#NOW}, and variants each failing one check, so fuzzing starts
 * from every branch of the release. Written once with
 * {@code java ... org.idnet.identity.api.GrantFuzzSeeds <inputs directory>}; the files are committed.
 */
final class GrantFuzzSeeds {

  private GrantFuzzSeeds() {
  }

  /** A grant for platform-a/user-1, name and citizen id, filed 10 minutes before NOW, issued 1 s before. */
  static DisclosureGrant valid() {
    Instant filedAt = NOW.minus(Duration.ofMinutes(10));
    String requestId = "0b6f7c9e-3c1a-4d5e-9f00-1234567890ab";
    FiledRequest filed = FiledRequest.newBuilder().setRequestId(requestId).setAgencyId("agency-1")
        .setRequestedBy("officer-1").setPlatformId("platform-a").setAccountId("user-1")
        .setLegalBasis("VN-CPC-2015-ART88").addFields(IdentityField.FULL_NAME).addFields(IdentityField.NATIONAL_ID)
        .setCaseReference("HS-2026/0042").setFiledAt(timestamp(filedAt))
        .setDueAt(timestamp(filedAt.plus(Duration.ofHours(72)))).build();
    return DisclosureGrant.newBuilder().setGrantId("5d1c2b3a-4e5f-4a6b-8c7d-0e1f2a3b4c5d").setRequestId(requestId)
        .setPlatformId("platform-a").setAccountId("user-1").addFields(IdentityField.FULL_NAME)
        .addFields(IdentityField.NATIONAL_ID).setIssuedAt(timestamp(NOW.minusSeconds(1)))
        .setExpiresAt(timestamp(NOW.plusSeconds(29))).setAudience("identity-service").setFiled(filed)
        .setDigest(ProtoGrantDecoder.digest(filed)).setFilerToken(OFFICER).setApproverToken(SUPERVISOR).build();
  }

  static Map<String, byte[]> all() {
    Map<String, UnaryOperator<DisclosureGrant.Builder>> variants = new TreeMap<>();
    variants.put("releases", g -> g);
    variants.put("expired", g -> g.setIssuedAt(timestamp(NOW.minusSeconds(90))).setExpiresAt(timestamp(NOW.minusSeconds(30))));
    variants.put("other-audience", g -> g.setAudience("phone-otp-service"));
    variants.put("lives-61-s", g -> g.setExpiresAt(timestamp(NOW.plusSeconds(60))));
    variants.put("unknown-field", g -> g.addFieldsValue(99));
    variants.put("no-filed-request", g -> g.clearFiled());
    variants.put("digest-differs", g -> g.setDigest("0".repeat(64)));
    variants.put("filed-by-approver", g -> g.setFilerToken(SUPERVISOR));
    variants.put("approved-by-filer", g -> g.setApproverToken(OFFICER));
    variants.put("short-uuid", g -> g.setGrantId("1-2-3-4-5"));
    variants.put("bad-account", g -> g.setAccountId("user 1"));
    variants.put("more-fields-than-filed", g -> g.addFields(IdentityField.PHONE_NUMBER));
    Map<String, byte[]> seeds = new TreeMap<>();
    variants.forEach((name, change) -> seeds.put(name, deterministic(change.apply(valid().toBuilder()).build())));
    seeds.put("not-a-grant", new byte[] {(byte) 0xff, 0x01, 0x02});
    return seeds;
  }

  public static void main(String[] args) throws IOException {
    Path inputs = Path.of(args[0]);
    Files.createDirectories(inputs);
    for (Map.Entry<String, byte[]> seed : all().entrySet()) {
      Files.write(inputs.resolve(seed.getKey()), seed.getValue());
    }
  }
}
