package org.idnet.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import org.idnet.identity.domain.GrantClaims;
import org.idnet.identity.v1.DisclosureGrant;
import org.idnet.identity.v1.FiledRequest;
import org.junit.jupiter.api.Test;

/** A grant's times must be Timestamps protobuf allows, or the grant decodes to nothing. */
class ProtoGrantDecoderTest {

  private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
  private static final Timestamp YEAR_10000 = Timestamp.newBuilder().setSeconds(253_402_300_800L).build();

  private final ProtoGrantDecoder decoder = new ProtoGrantDecoder();

  @Test
  void decodeWhenTimesInRangeThenClaimsWithTheFiledRequest() {
    GrantClaims claims = decoder.decode(grant().build().toByteArray()).orElseThrow();

    assertThat(claims.issuedAt()).isEqualTo(NOW);
    assertThat(claims.expiresAt()).isEqualTo(NOW.plusSeconds(30));
    assertThat(claims.filed()).isNotNull();
  }

  @Test
  void decodeWhenIssuedOrExpiresOutOfRangeThenNothing() {
    assertThat(decoder.decode(grant().setIssuedAt(YEAR_10000).build().toByteArray())).isEmpty();
    assertThat(decoder.decode(grant().setExpiresAt(Timestamp.newBuilder().setSeconds(NOW.getEpochSecond())
        .setNanos(-1)).build().toByteArray())).isEmpty();
  }

  @Test
  void decodeWhenTheFiledRequestsTimesOutOfRangeThenNoFiledRequest() {
    DisclosureGrant.Builder grant = grant();
    grant.getFiledBuilder().setDueAt(YEAR_10000);

    assertThat(decoder.decode(grant.build().toByteArray()).orElseThrow().filed()).isNull();
  }

  private static DisclosureGrant.Builder grant() {
    return DisclosureGrant.newBuilder().setGrantId("g-1").setRequestId("r-1").setPlatformId("platform-a")
        .setAccountId("alice").setAudience("identity-service").setIssuedAt(ts(NOW)).setExpiresAt(ts(NOW.plusSeconds(30)))
        .setFiled(FiledRequest.newBuilder().setRequestId("r-1").setFiledAt(ts(NOW.minusSeconds(60)))
            .setDueAt(ts(NOW.plusSeconds(3600))));
  }

  private static Timestamp ts(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }
}
