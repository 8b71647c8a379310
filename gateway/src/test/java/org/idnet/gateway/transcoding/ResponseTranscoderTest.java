package org.idnet.gateway.transcoding;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import java.nio.charset.StandardCharsets;
import org.idnet.disclosure.v1.AuditCheckpoint;
import org.idnet.disclosure.v1.AuditEntry;
import org.idnet.disclosure.v1.AuditVerification;
import org.idnet.disclosure.v1.ListAuditEntriesResponse;
import org.idnet.disclosure.v1.TransparencyCount;
import org.idnet.disclosure.v1.TransparencyReport;
import org.idnet.gateway.routes.ApiCatalog;
import org.idnet.gateway.routes.ApiRoute;
import org.idnet.identity.v1.AccountVerification;
import org.idnet.identity.v1.CheckAccountResponse;
import org.idnet.identity.v1.VerificationStatus;
import org.junit.jupiter.api.Test;

/** Counts, sizes and sequence numbers are JSON numbers, though the proto keeps them 64-bit. */
class ResponseTranscoderTest {

  private final ApiCatalog catalog = ApiCatalog.load();
  private final ResponseTranscoder transcoder = new ResponseTranscoder();

  @Test
  void sixtyFourBitIntegersArePrintedAsNumbers() {
    String checkpoint = json("GetAuditCheckpoint", AuditCheckpoint.newBuilder().setSize(4).setRootHash("ab")
        .setSignature(ByteString.copyFromUtf8("sig")).setKeyId("7").setIssuedAt(Timestamp.newBuilder().setSeconds(1))
        .build());
    assertThat(checkpoint).contains("\"size\":4,").contains("\"keyId\":\"7\"").contains("\"signature\":\"c2ln\"")
        .contains("\"issuedAt\":\"1970-01-01T00:00:01Z\"");

    String report = json("GetTransparencyReport", TransparencyReport.newBuilder().setTotal(9_007_199_254_740_991L)
        .addCounts(TransparencyCount.newBuilder().setAgencyId("agency-1").setLegalBasis("B").setOutcome("DISCLOSED").setCount(1))
        .addCounts(TransparencyCount.newBuilder().setAgencyId("agency-2").setLegalBasis("B").setOutcome("REJECTED").setCount(2))
        .build());
    assertThat(report).contains("\"count\":1}").contains("\"count\":2}").contains("\"total\":9007199254740991")
        .doesNotContain("\"1\"").doesNotContain("\"2\"");

    String entries = json("ListAuditEntries", ListAuditEntriesResponse.newBuilder()
        .addEntries(AuditEntry.newBuilder().setSeq(1).setType("REQUEST_CREATED"))
        .addEntries(AuditEntry.newBuilder().setSeq(2).setType("REQUEST_APPROVED")).build());
    assertThat(entries).contains("\"seq\":1,").contains("\"seq\":2,");
  }

  @Test
  void optionalSixtyFourBitIntegersAppearOnlyWhenSetAndAsNumbers() {
    assertThat(json("VerifyAuditLog", AuditVerification.newBuilder().setValid(true).setSize(3).build()))
        .isEqualTo("{\"valid\":true,\"size\":3}");
    assertThat(json("VerifyAuditLog", AuditVerification.newBuilder().setValid(false).setSize(3).setFirstBadSeq(2)
        .setProblem("hash mismatch").build()))
        .isEqualTo("{\"valid\":false,\"size\":3,\"firstBadSeq\":2,\"problem\":\"hash mismatch\"}");
  }

  @Test
  void answersWithoutSixtyFourBitIntegersAreLeftAsProtobufPrintsThem() {
    String answer = json("CheckAccount", CheckAccountResponse.newBuilder().setVerification(AccountVerification.newBuilder()
        .setAccountId("a<b>&'").setStatus(VerificationStatus.VERIFIED)).build());
    assertThat(answer).startsWith("{\"accountId\":\"a").contains("\"capabilities\":[]").contains("\"status\":\"VERIFIED\"");
  }

  private String json(String method, Message answer) {
    ApiRoute route = catalog.routes().stream().filter(r -> r.method().getName().equals(method)).findFirst().orElseThrow();
    try {
      DynamicMessage message = DynamicMessage.parseFrom(route.method().getOutputType(), answer.toByteString());
      return new String(transcoder.toJson(route, message), StandardCharsets.UTF_8);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }
}
