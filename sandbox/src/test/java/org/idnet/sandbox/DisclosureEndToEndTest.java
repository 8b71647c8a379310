package org.idnet.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.sandbox.SharedNetwork.get;
import static org.idnet.sandbox.SharedNetwork.json;
import static org.idnet.sandbox.SharedNetwork.send;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * A lawful disclosure from filing to the expired package, as officials, an auditor, a platform
 * and the public meet it over HTTP on the real network, with every refusal api.md lists; and the
 * offline verifier run on what the auditor exported.
 */
@Order(3)
class DisclosureEndToEndTest {

  private static final String PATH = "/v1/disclosure-requests";
  /** The offline verifier's log: target/process-logs/DisclosureEndToEndTest-audit-verifier.log. */
  private static final ProcessLogs LOGS = ProcessLogs.ofTest(DisclosureEndToEndTest.class);

  @Test
  void aRequestIsFiledApprovedDisclosedAuditedNoticedAndExpires() throws Exception {
    String platform = SharedNetwork.token("platform-a");
    String officer = SharedNetwork.token("officer-1");
    String colleague = SharedNetwork.token("officer-2");
    String supervisor = SharedNetwork.token("supervisor-1");
    String otherOfficer = SharedNetwork.token("officer-3");
    String otherSupervisor = SharedNetwork.token("supervisor-2");
    String auditor = SharedNetwork.token("auditor-1");
    JsonNode citizen = json(get("/sandbox/citizens?count=1", null)).get(0);
    HttpResponse<String> registered = send("PUT", "/v1/accounts/e2e-disclosed/real-name", platform,
        "{\"fullName\":\"" + citizen.get("fullName").asText() + "\",\"nationalId\":\""
            + citizen.get("nationalId").asText() + "\",\"dateOfBirth\":\"" + citizen.get("dateOfBirth").asText() + "\"}");
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);

    // The catalogue, and the refusals of filing.
    JsonNode bases = json(get("/v1/legal-bases", officer)).get("legalBases");
    assertThat(bases).extracting(b -> b.get("code").asText()).contains("VN-CPC-2015-ART88", "VN-CYBERSEC-2018-ART26");
    assertRefused(send("POST", PATH, officer, request("VN-CYBERSEC-2018-ART26", "\"NATIONAL_ID\"")), 422,
        "fields-not-permitted");
    assertRefused(send("POST", PATH, officer, request("NO-SUCH-BASIS", "\"FULL_NAME\"")), 422, "unknown-legal-basis");
    assertThat(send("POST", PATH, supervisor, request("VN-CPC-2015-ART88", "\"FULL_NAME\"")).statusCode()).isEqualTo(403);

    // Filing, with an Idempotency-Key: a repeat answers the first request and creates nothing.
    String body = request("VN-CPC-2015-ART88", "\"FULL_NAME\",\"NATIONAL_ID\"");
    HttpResponse<String> filed = send("POST", PATH, officer, body, "Idempotency-Key", "e2e-case-0042");
    assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
    JsonNode request = json(filed);
    String id = request.get("id").asText();
    String digest = request.get("digest").asText();
    String ifMatch = "\"" + digest + "\"";
    assertThat(digest).matches("[0-9a-f]{64}");
    assertThat(filed.headers().firstValue("ETag")).contains(ifMatch);
    assertThat(get(PATH + "/" + id, supervisor).headers().firstValue("ETag")).contains(ifMatch);
    assertThat(request.get("status").asText()).isEqualTo("AWAITING_APPROVAL");
    assertThat(request.get("agencyId").asText()).isEqualTo("agency-1");
    assertThat(Duration.between(Instant.parse(request.get("createdAt").asText()), Instant.parse(request.get("dueAt").asText())))
        .isEqualTo(Duration.ofHours(72));
    HttpResponse<String> repeated = send("POST", PATH, officer, body, "Idempotency-Key", "e2e-case-0042");
    assertThat(json(repeated).get("id").asText()).isEqualTo(id);
    assertRefused(send("POST", PATH, officer, request("VN-CPC-2015-ART88", "\"FULL_NAME\""), "Idempotency-Key",
        "e2e-case-0042"), 422, "idempotency-key-reused");

    // Before approval: no package; nobody outside agency-1 sees or decides the request.
    assertRefused(get(PATH + "/" + id + "/package", officer), 409, null);
    assertThat(get(PATH + "/" + id, otherOfficer).statusCode()).isEqualTo(404);
    assertThat(send("POST", PATH + "/" + id + "/approve", officer, "{}").statusCode()).isEqualTo(403);
    assertThat(send("POST", PATH + "/" + id + "/approve", otherSupervisor, "{}", "If-Match", ifMatch).statusCode())
        .isEqualTo(403);
    // The supervisor approves exactly the version read: without If-Match 428, with another digest 412.
    assertRefused(send("POST", PATH + "/" + id + "/approve", supervisor, "{}"), 428, "precondition-required");
    assertRefused(send("POST", PATH + "/" + id + "/approve", supervisor, "{}", "If-Match",
        "\"" + "0".repeat(64) + "\""), 412, "precondition-failed");

    // The second signature: approved, released under a grant that carries both officials' own
    // tokens over the digest, which identity-service checks before it releases anything.
    HttpResponse<String> approved = send("POST", PATH + "/" + id + "/approve", supervisor,
        "{\"note\":\"proportionate\"}", "If-Match", ifMatch);
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    JsonNode decided = awaitStatus(id, officer, "DISCLOSED");
    // Officials are named by the realm's username (Keycloak's sub is a UUID), on both issuers.
    assertThat(decided.get("requestedBy").asText()).isEqualTo("service-account-officer-1");
    assertThat(decided.get("decidedBy").asText()).isEqualTo("service-account-supervisor-1");
    assertThat(send("POST", PATH + "/" + id + "/approve", supervisor, "{}", "If-Match", ifMatch).statusCode())
        .isEqualTo(409);

    // The package: exactly the requested fields, for agency-1's officers only.
    JsonNode pkg = json(get(PATH + "/" + id + "/package", officer));
    assertThat(pkg.get("fields").get("fullName").asText()).isEqualTo(citizen.get("fullName").asText());
    assertThat(pkg.get("fields").get("nationalId").asText()).isEqualTo(citizen.get("nationalId").asText());
    assertThat(pkg.get("fields").has("dateOfBirth")).isFalse();
    assertThat(pkg.get("fields").has("phoneNumber")).isFalse();
    assertThat(get(PATH + "/" + id + "/package", colleague).statusCode()).isEqualTo(200);
    assertThat(get(PATH + "/" + id + "/package", otherOfficer).statusCode()).isEqualTo(404);

    // The platform may now tell its user (no confidentiality date was set): never the values.
    HttpResponse<String> notices = get("/v1/accounts/e2e-disclosed/notices", platform);
    assertThat(json(notices).get("notices")).anySatisfy(n -> {
      assertThat(n.get("agencyId").asText()).isEqualTo("agency-1");
      assertThat(n.get("legalBasis").asText()).isEqualTo("VN-CPC-2015-ART88");
    });
    assertThat(notices.body()).doesNotContain(citizen.get("nationalId").asText());
    assertThat(json(get("/v1/accounts/e2e-disclosed/notices", SharedNetwork.token("platform-b"))).get("notices")).isEmpty();

    // The auditor: every step in the chain, nothing personal, the chain verifies, a signed checkpoint.
    HttpResponse<String> entries = get("/v1/audit/entries?fromSeq=1&limit=1000", auditor);
    List<String> types = new ArrayList<>();
    json(entries).get("entries").forEach(e -> {
      if (e.get("requestId").asText().equals(id)) {
        types.add(e.get("type").asText());
      }
    });
    assertThat(types).containsSubsequence("REQUEST_CREATED", "REQUEST_APPROVED", "REQUEST_DISCLOSED", "PACKAGE_RETRIEVED");
    assertThat(entries.body()).doesNotContain(citizen.get("nationalId").asText())
        .doesNotContain(citizen.get("fullName").asText());
    assertThat(json(get("/v1/audit/verification", auditor)).get("valid").asBoolean()).isTrue();
    HttpResponse<String> checkpoint = get("/v1/audit/checkpoint", auditor);
    assertThat(checkpoint.statusCode()).isEqualTo(200);
    assertThat(get("/v1/audit/entries", officer).statusCode()).isEqualTo(403);
    verifyOffline(entries.body(), checkpoint.body(), get("/v1/audit/signing-keys", null).body());

    // The public report: counts, no ids, over whole periods that ended (a second in the sandbox).
    HttpResponse<String> report = get("/v1/transparency-report", null);
    for (int i = 0; i < 20 && !report.body().contains("VN-CPC-2015-ART88"); i++) {
      Thread.sleep(250);
      report = get("/v1/transparency-report", null);
    }
    assertThat(report.statusCode()).isEqualTo(200);
    assertThat(report.body()).contains("agency-1").contains("VN-CPC-2015-ART88").doesNotContain(id)
        .doesNotContain("2026/E2E");

    // The package expires (20 s in this network): 410 and gone.
    Instant expires = Instant.parse(pkg.get("expiresAt").asText());
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), expires).toMillis()) + 1_500);
    assertRefused(get(PATH + "/" + id + "/package", officer), 410, "package-expired");
  }

  @Test
  void theRequesterMayCancelAndASupervisorMayReject() throws Exception {
    String officer = SharedNetwork.token("officer-1");
    String colleague = SharedNetwork.token("officer-2");
    String supervisor = SharedNetwork.token("supervisor-1");
    String first = json(send("POST", PATH, officer, request("VN-DECREE147-2024-ART27", "\"FULL_NAME\""))).get("id").asText();
    assertThat(send("POST", PATH + "/" + first + "/cancel", colleague, null).statusCode()).isEqualTo(403);
    assertThat(json(send("POST", PATH + "/" + first + "/cancel", officer, null)).get("status").asText())
        .isEqualTo("CANCELLED");
    JsonNode secondFiled = json(send("POST", PATH, officer, request("VN-DECREE147-2024-ART27", "\"FULL_NAME\"")));
    String second = secondFiled.get("id").asText();
    assertRefused(send("POST", PATH + "/" + second + "/reject", supervisor, "{}"), 400, null);
    assertThat(json(send("POST", PATH + "/" + second + "/reject", supervisor, "{\"reason\":\"not proportionate\"}"))
        .get("status").asText()).isEqualTo("REJECTED");
    assertRefused(send("POST", PATH + "/" + second + "/approve", supervisor, "{}", "If-Match",
        "\"" + secondFiled.get("digest").asText() + "\""), 409, null);
    JsonNode listed = json(get(PATH + "?status=REJECTED&pageSize=50", supervisor));
    assertThat(listed.get("requests")).extracting(r -> r.get("id").asText()).contains(second).doesNotContain(first);
  }

  private static String request(String basis, String fields) {
    return "{\"target\":{\"platformId\":\"platform-a\",\"accountId\":\"e2e-disclosed\"},\"legalBasis\":\"" + basis
        + "\",\"caseReference\":\"2026/E2E-0042\",\"fields\":[" + fields + "],"
        + "\"justification\":\"Identify the holder of an account used in a fraud under investigation.\"}";
  }

  private static JsonNode awaitStatus(String id, String token, String status) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      JsonNode request = json(get(PATH + "/" + id, token));
      if (request.get("status").asText().equals(status) || System.nanoTime() > deadline) {
        assertThat(request.get("status").asText()).isEqualTo(status);
        return request;
      }
      Thread.sleep(250);
    }
  }

  private static void assertRefused(HttpResponse<String> response, int status, String code) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
    if (code != null) {
      assertThat(json(response).get("code").asText()).isEqualTo(code);
    }
  }

  /** The offline verifier (bin/verify-audit's jar) on the auditor's exports: exit 0 and "OK". */
  /** The README's offline check, and its tamper demonstration: an official's name changed in the export. */
  private static void verifyOffline(String entries, String checkpoint, String keys) throws Exception {
    assertThat(entries).contains("service-account-supervisor-1");
    assertThat(runVerifier(entries, checkpoint, keys)).startsWith("OK: ").contains("verified");
    assertThat(runVerifier(entries.replace("supervisor-1", "supervisor-9"), checkpoint, keys)).startsWith("TAMPERED");
  }

  private static String runVerifier(String entries, String checkpoint, String keys) throws Exception {
    Path dir = Files.createTempDirectory("idnet-audit-export");
    Files.writeString(dir.resolve("entries.json"), entries);
    Files.writeString(dir.resolve("checkpoint.json"), checkpoint);
    Files.writeString(dir.resolve("keys.json"), keys);
    Path home = SharedNetwork.get().settings().home();
    Path jar = home.resolve("audit-verifier/target/idnet-audit-verifier-exec.jar");
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        jar.toString(), dir.resolve("entries.json").toString(), dir.resolve("checkpoint.json").toString(),
        dir.resolve("keys.json").toString())
        // Its standard output is its verdict, the test's to read; what else it says goes to the log.
        .redirectError(ProcessBuilder.Redirect.appendTo(LOGS.of("audit-verifier").toFile())).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isEqualTo(output.startsWith("OK") ? 0 : 1);
    return output;
  }
}
