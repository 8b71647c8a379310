package org.idnet.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.idnet.faults.check.Ledger;
import org.idnet.faults.net.SmsProvider;
import org.idnet.identity.domain.CitizenId;
import org.idnet.identity.store.SyntheticPopulation;

/**
 * The platform's and the officials' flows as the cases use them, each acknowledged write entered
 * in the {@link Ledger} and each personal value it sent registered there as a secret.
 */
public final class Flows {

  /** Vietnamese mobile prefixes (after the 9): the suite's numbers spread over several SMS-pumping prefixes. */
  private static final String[] PREFIXES = {"0", "1", "3", "4", "6", "7", "8"};
  private static final AtomicInteger SERIAL = new AtomicInteger(ThreadLocalRandom.current().nextInt(1_000_000));

  private final FaultNetwork network;
  private final Api api;

  public Flows(FaultNetwork network) {
    this.network = network;
    this.api = network.api();
  }

  /**
   * A phone number no case used before, national form {@code 09xxxxxxxx}; every form it is written
   * in is registered as a secret (E.164 {@code +849…}, its digits {@code 849…}, national {@code 09…}):
   * the log check matches a number's digits only where no digit touches them, so the national
   * significant number alone would never be found inside any of them.
   */
  public static Phone newPhone() {
    int serial = SERIAL.incrementAndGet();
    String nsn = "9" + PREFIXES[serial % PREFIXES.length] + String.format("%07d", serial % 10_000_000);
    Phone phone = new Phone("0" + nsn, "+84" + nsn);
    Ledger.secret(phone.e164(), "84" + nsn, phone.national());
    return phone;
  }

  /** A number as a platform types it and as the network normalizes it. */
  public record Phone(String national, String e164) {
  }

  /** An account id no case used before. */
  public static String newAccount(String what) {
    return "f-" + what + "-" + Integer.toString(SERIAL.incrementAndGet(), 36);
  }

  public Api.Answer startVerification(String platform, String account, Phone phone, String... headers) {
    return api.post("/v1/phone-verifications", platform,
        "{\"accountId\":\"" + account + "\",\"phoneNumber\":\"" + phone.national() + "\"}", headers);
  }

  /** The code of the {@code n}-th SMS (0: the first) the provider received for this number; waits for it briefly. */
  public String code(Phone phone, int n) {
    SmsProvider sms = network.sms();
    Poll.until("SMS " + (n + 1) + " to a number", Duration.ofSeconds(5), () -> sms.to(phone.e164()).size() > n);
    String code = sms.to(phone.e164()).get(n).code();
    Ledger.secret(code);
    return code;
  }

  public Api.Answer check(String platform, String verification, String code) {
    return api.post("/v1/phone-verifications/" + verification + "/check", platform, "{\"code\":\"" + code + "\"}");
  }

  /** Binds a fresh number to the account (the whole OTP flow); returns the number. */
  public Phone bindPhone(String platform, String account) {
    Phone phone = newPhone();
    Api.Answer started = startVerification(platform, account, phone);
    assertThat(started.status()).as("start: %s", started).isEqualTo(201);
    Api.Answer checked = check(platform, started.field("id"), code(phone, 0));
    assertThat(checked.status()).as("check: %s", checked).isEqualTo(200);
    assertThat(checked.field("status")).isEqualTo("APPROVED");
    Ledger.acknowledged(platform, account, Ledger.Level.PHONE);
    return phone;
  }

  /**
   * A synthetic adult the sandbox register confirms, never handed out before in this run (a person
   * may hold only 5 accounts on a platform). {@code GET /sandbox/citizens} always shows the same 100;
   * this composes a new citizen id and asks the register's own derivation ({@link SyntheticPopulation},
   * every well-formed id has a citizen) for the name and birth date. Its values are registered as secrets.
   */
  public JsonNode citizen() {
    int serial = SERIAL.incrementAndGet();
    int year = 1960 + serial % 40;
    boolean female = serial % 2 == 0;
    List<String> provinces = CitizenId.provinceCodes();
    String id = provinces.get(serial % provinces.size()) + CitizenId.centuryDigit(year, female)
        + "%02d".formatted(year % 100) + "%06d".formatted(serial % 1_000_000);
    SyntheticPopulation.Citizen citizen = new SyntheticPopulation().citizen(CitizenId.parse(id));
    ObjectNode json = Api.JSON.createObjectNode()
        .put("nationalId", citizen.nationalId().value())
        .put("fullName", citizen.fullName().value())
        .put("dateOfBirth", citizen.dateOfBirth().toString());
    Ledger.secret(json.get("nationalId").asText(), json.get("fullName").asText(), json.get("dateOfBirth").asText());
    return json;
  }

  /** {@code n} citizens of {@link #citizen()}. */
  public List<JsonNode> citizens(int n) {
    List<JsonNode> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(citizen());
    }
    return all;
  }

  public Api.Answer registerRealName(String platform, String account, JsonNode citizen) {
    return api.put("/v1/accounts/" + account + "/real-name", platform, "{\"fullName\":\"" + citizen.get("fullName").asText()
        + "\",\"nationalId\":\"" + citizen.get("nationalId").asText() + "\",\"dateOfBirth\":\""
        + citizen.get("dateOfBirth").asText() + "\"}");
  }

  /** Registers the citizen as the account's real name and enters it in the ledger. */
  public void realName(String platform, String account, JsonNode citizen) {
    Api.Answer answer = registerRealName(platform, account, citizen);
    assertThat(answer.status()).as("real name: %s", answer).isEqualTo(200);
    Ledger.acknowledged(platform, account, Ledger.Level.REAL_NAME);
  }

  public String level(String platform, String account) {
    Api.Answer answer = api.get("/v1/accounts/" + account + "/verification", platform);
    assertThat(answer.status()).as("verify-account: %s", answer).isEqualTo(200);
    return answer.field("level");
  }

  /** A disclosure request body about platform-a's {@code account}, with a case reference of its own. */
  public static String request(String account, String caseReference) {
    return "{\"target\":{\"platformId\":\"platform-a\",\"accountId\":\"" + account + "\"},"
        + "\"legalBasis\":\"VN-CPC-2015-ART88\",\"caseReference\":\"" + caseReference + "\","
        + "\"fields\":[\"FULL_NAME\",\"NATIONAL_ID\"],"
        + "\"justification\":\"Identify the holder of an account used in a fraud under investigation.\"}";
  }

  /** Files a request as officer-1 (agency-1); the ledger keeps it. Returns the answer (id, digest). */
  public JsonNode file(String account, String caseReference, String... headers) {
    Api.Answer filed = api.post("/v1/disclosure-requests", "officer-1", request(account, caseReference), headers);
    assertThat(filed.status()).as("filing: %s", filed).isEqualTo(201);
    Ledger.filed(filed.field("id"));
    return filed.json();
  }

  /** Approves with a fresh token of the supervisor (a token approves one request), exactly the version filed. */
  public Api.Answer approve(String supervisor, JsonNode request) {
    return api.callWithToken("POST", "/v1/disclosure-requests/" + request.get("id").asText() + "/approve",
        api.freshToken(supervisor), "{}", "If-Match", "\"" + request.get("digest").asText() + "\"");
  }

  /** Polls the request until it has this status (as officer-1 reads it). */
  public JsonNode awaitStatus(String id, String status, Duration within) {
    return Poll.until("request " + id + " " + status, within,
        () -> api.get("/v1/disclosure-requests/" + id, "officer-1"),
        a -> a.status() == 200 && a.field("status").equals(status)).json();
  }
}
