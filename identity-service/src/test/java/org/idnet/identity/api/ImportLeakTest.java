package org.idnet.identity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.idnet.identity.api.GrpcHarness.NOW;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_A;
import static org.idnet.identity.api.GrpcHarness.unique;

import com.google.protobuf.Timestamp;
import com.zaxxer.hikari.HikariDataSource;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.idnet.identity.TestDatabase;
import org.idnet.identity.v1.AddImportBatchRequest;
import org.idnet.identity.v1.CompleteImportRequest;
import org.idnet.identity.v1.CreateImportRequest;
import org.idnet.identity.v1.GetImportRequest;
import org.idnet.identity.v1.ImportLine;
import org.idnet.identity.v1.ListImportRefusalsRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * security.md, "Personal data at rest" and "Logs and errors", for bulk imports: after an import with
 * bound, refused and repeated lines, neither PostgreSQL, nor Redis, nor a log line, nor an error
 * description holds an imported account id or phone number; the uploads are gone.
 */
@ExtendWith(OutputCaptureExtension.class)
class ImportLeakTest {

  static HikariDataSource dataSource;
  static GrpcHarness grpc;

  @BeforeAll
  static void start() throws Exception {
    dataSource = TestDatabase.migrated("identity_import_leaks");
    grpc = GrpcHarness.over(dataSource, GrpcHarness.newKeys()).start();
  }

  @AfterAll
  static void stop() {
    grpc.close();
    dataSource.close();
  }

  static ImportLine line(int number, String account, String phone) {
    Instant verified = NOW.minus(Duration.ofDays(3));
    return ImportLine.newBuilder().setLine(number).setAccountId(account).setPhoneNumber(phone)
        .setVerifiedAt(Timestamp.newBuilder().setSeconds(verified.getEpochSecond())).build();
  }

  @Test
  void afterAnImportNoStoreCacheLogOrErrorHoldsAnImportedAccountIdOrNumber(CapturedOutput output) throws Exception {
    String bound = unique("imported-user");
    String refusedId = "bad id " + unique("x");
    String otherAccount = unique("second");
    String phone = "+84935557001";
    String badPhone = "0935557002";
    String otherPhone = "+84935557003";
    String id = grpc.imports(PLATFORM_A).createImport(CreateImportRequest.getDefaultInstance()).getImport().getId();
    List<ImportLine> lines = List.of(line(1, bound, phone), line(2, refusedId, otherPhone), line(3, otherAccount,
        badPhone), line(4, bound, otherPhone));
    grpc.imports(PLATFORM_A).addImportBatch(AddImportBatchRequest.newBuilder().setImportId(id).setBatchNumber(1)
        .addAllLines(lines).build());
    List<String> descriptions = new ArrayList<>();
    // Refused uploads: other lines under the same number, line numbers out of order.
    descriptions.add(catchThrowableOfType(StatusRuntimeException.class, () -> grpc.imports(PLATFORM_A)
        .addImportBatch(AddImportBatchRequest.newBuilder().setImportId(id).setBatchNumber(1)
            .addLines(line(1, otherAccount, otherPhone)).build())).getStatus().getDescription());
    descriptions.add(catchThrowableOfType(StatusRuntimeException.class, () -> grpc.imports(PLATFORM_A)
        .addImportBatch(AddImportBatchRequest.newBuilder().setImportId(id).setBatchNumber(2)
            .addLines(line(9, otherAccount, otherPhone)).addLines(line(8, bound, phone)).build()))
        .getStatus().getDescription());
    grpc.imports(PLATFORM_A).completeImport(CompleteImportRequest.newBuilder().setImportId(id).build());
    grpc.importProcessor.run(10);
    String report = grpc.imports(PLATFORM_A).getImport(GetImportRequest.newBuilder().setImportId(id).build())
        + grpc.imports(PLATFORM_A).listImportRefusals(ListImportRefusalsRequest.newBuilder().setImportId(id).build())
            .toString();
    grpc.cachedEntry("platform-a", bound);

    List<String> secrets = new ArrayList<>(List.of(bound, refusedId, otherAccount));
    for (String number : List.of(phone, badPhone, otherPhone)) {
      secrets.addAll(List.of(number, number.replace("+", ""), number.substring(number.length() - 9)));
    }
    List<String> hexForms = secrets.stream()
        .map(s -> HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8))).toList();
    String postgres = TestDatabase.dump(dataSource);
    String redis = Dumps.redis(grpc);

    assertThat(postgres).contains("-- import_line_outcomes").contains("already-bound")
        .contains("invalid-account-id").contains("invalid-phone-number");
    assertThat(report).contains("already-bound");
    assertThat(Dumps.found(postgres, secrets)).as("PostgreSQL").isEmpty();
    assertThat(Dumps.found(postgres, hexForms)).as("PostgreSQL, as bytes").isEmpty();
    assertThat(Dumps.found(redis, secrets)).as("Redis").isEmpty();
    assertThat(output.getAll()).contains("batch 1 stored: 4 line(s)").contains("completed: 4 line(s) received");
    assertThat(Dumps.found(output.getAll(), secrets)).as("logs").isEmpty();
    assertThat(Dumps.found(report, secrets)).as("the import's reports").isEmpty();
    assertThat(Dumps.found(String.join("\n", descriptions), secrets)).as("error descriptions").isEmpty();
    assertThat(TestDatabase.asOwner(dataSource).sql("SELECT count(*)::int FROM import_uploads")
        .query(Integer.class).single()).isZero();
  }
}
