package org.idnet.benchmarks.soak;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.idnet.benchmarks.network.Seeder;

/**
 * The soak's flows beside verify-account, each as a platform or an agency runs it through the
 * gateway. Every step names the answer it expects; anything else is an error of that step.
 *
 * <p>OTP flows stay inside phone-otp-service's default abuse limits without raising any: each flow
 * uses a number no flow used before ({@code +8493PPSSSSS}), spread over 100 prefixes of the limits'
 * prefix length ({@code +8493PP}), so at 2 flows a second a prefix sees 12 sends in 10 minutes
 * (limit 200 per platform) and a number one (limit 3 an hour per platform); the platform starts
 * 120 a minute (limit 600).
 */
final class Traffic {

  static final String LOOKUP = "lookup";
  static final String OTP_SEND = "otp-send";
  static final String SMS_READ = "otp-sms-read";
  static final String OTP_CHECK = "otp-check";
  static final String FILE = "disclosure-file";
  static final String APPROVE = "disclosure-approve";
  static final String READ = "disclosure-read";
  static final String PACKAGE = "disclosure-package";

  private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
  private static final String OFFICER = "officer-1";
  private static final String SUPERVISOR = "supervisor-1";

  private final SoakApi api;
  private final List<String> accounts;
  private final List<String> lookupBodies = new ArrayList<>();
  private final AtomicInteger otpSerial = new AtomicInteger();
  private final AtomicInteger disclosureSerial = new AtomicInteger();

  Traffic(SoakApi api, List<String> accounts) {
    this.api = api;
    this.accounts = accounts;
    for (int from = 0; from + 500 <= accounts.size(); from += 500) {
      lookupBodies.add(accounts.subList(from, from + 500).stream().map(id -> "\"" + id + "\"")
          .collect(Collectors.joining(",", "{\"accountIds\":[", "]}")));
    }
  }

  /** One look-up of 500 seeded accounts: every one must read PHONE-verified. */
  void lookup(long due) {
    String body = lookupBodies.get((int) (due / 1000 % lookupBodies.size()));
    guarded(LOOKUP, () -> api.call(LOOKUP, due, "POST", "/v1/accounts/verification-lookups", api.token(Seeder.PLATFORM),
        body, 200).ifPresent(json -> {
          JsonNode results = json.path("results");
          if (results.size() != 500 || !results.findValuesAsText("level").stream().allMatch("PHONE"::equals)) {
            api.wrong(LOOKUP, "not 500 PHONE results");
          }
        }));
  }

  /** A phone verification: start it, read the code from the sandbox's SMS outbox, check it. */
  void otp(long due) {
    guarded(OTP_SEND, () -> {
      int n = otpSerial.incrementAndGet();
      String nsn = String.format("93%02d%05d", n % 100, n / 100);
      String token = api.token(Seeder.PLATFORM);
      Optional<JsonNode> started = api.call(OTP_SEND, due, "POST", "/v1/phone-verifications", token,
          "{\"accountId\":\"soak-otp-" + n + "\",\"phoneNumber\":\"0" + nsn + "\"}", 201);
      if (started.isEmpty()) {
        return;
      }
      Optional<String> code = api.call(SMS_READ, System.nanoTime(), "GET", "/sandbox/sms?to=%2B84" + nsn, token, null, 200)
          .flatMap(sms -> sms.isArray() && !sms.isEmpty() ? Optional.of(sms.get(0).path("text").asText()) : Optional.empty())
          .map(CODE::matcher).filter(Matcher::find).map(m -> m.group(1));
      if (code.isEmpty()) {
        api.wrong(SMS_READ, "no SMS with a code in the outbox");
        return;
      }
      api.call(OTP_CHECK, System.nanoTime(), "POST", "/v1/phone-verifications/" + started.get().path("id").asText() + "/check",
          token, "{\"code\":\"" + code.get() + "\"}", 200).ifPresent(checked -> {
            if (!"APPROVED".equals(checked.path("status").asText())) {
              api.wrong(OTP_CHECK, "status " + checked.path("status").asText() + ", not APPROVED");
            }
          });
    });
  }

  /**
   * A lawful disclosure of a seeded account's phone number: filed by an officer, approved by a
   * supervisor of the same agency with the version filed ({@code If-Match}), read until DISCLOSED,
   * then the package fetched.
   */
  void disclosure(long due) {
    guarded(FILE, () -> {
      int n = disclosureSerial.incrementAndGet();
      String officer = api.token(OFFICER);
      String body = "{\"target\":{\"platformId\":\"" + Seeder.PLATFORM + "\",\"accountId\":\"" + accounts.get(n % accounts.size())
          + "\"},\"legalBasis\":\"VN-CPC-2015-ART88\",\"caseReference\":\"SOAK-" + n + "\",\"fields\":[\"PHONE_NUMBER\"],"
          + "\"justification\":\"Soak test of the disclosure flow under load.\"}";
      Optional<JsonNode> filed = api.call(FILE, due, "POST", "/v1/disclosure-requests", officer, body, 201);
      if (filed.isEmpty()) {
        return;
      }
      String path = "/v1/disclosure-requests/" + filed.get().path("id").asText();
      if (api.call(APPROVE, System.nanoTime(), "POST", path + "/approve", api.freshToken(SUPERVISOR), "{}", 200,
          "If-Match", "\"" + filed.get().path("digest").asText() + "\"").isEmpty()) {
        return;
      }
      if (awaitDisclosed(path, officer)) {
        api.call(PACKAGE, System.nanoTime(), "GET", path + "/package", officer, null, 200).ifPresent(pkg -> {
          if (pkg.path("fields").path("phoneNumber").asText().isEmpty()) {
            api.wrong(PACKAGE, "no phone number in the package");
          }
        });
      }
    });
  }

  /** Reads the request until it is DISCLOSED (release is asynchronous); at most 10 s. */
  private boolean awaitDisclosed(String path, String officer) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      Optional<JsonNode> read = api.call(READ, System.nanoTime(), "GET", path, officer, null, 200);
      if (read.isEmpty()) {
        return false;
      }
      String status = read.get().path("status").asText();
      if ("DISCLOSED".equals(status)) {
        return true;
      }
      if (!"APPROVED".equals(status)) {
        api.wrong(READ, "status " + status + " after approval");
        return false;
      }
      Thread.sleep(200);
    }
    api.wrong(READ, "not DISCLOSED within 10 s of approval");
    return false;
  }

  @FunctionalInterface
  private interface Step {
    void run() throws Exception;
  }

  /** A flow that throws (no token, a bug here) is an error of its first step, not a lost flow. */
  private void guarded(String kind, Step step) {
    try {
      step.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      api.wrong(kind, e.getClass().getSimpleName());
    }
  }
}
