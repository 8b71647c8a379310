package org.idnet.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.sandbox.SharedNetwork.json;
import static org.idnet.sandbox.SharedNetwork.send;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The hosted verification's API end to end, without the pages: the sample platform
 * ({@link SandboxPlatformPage}) starts a session for its user; this test then does what idnet's
 * web does, with the {@code idnet-web} client's token and the session's {@code Idnet-Session}
 * (open the launch token, bind a phone, register a real name, complete), and follows the redirect
 * back to the sample platform in the same "browser" (an HTTP client with a cookie store), which
 * redeems the result server-side. Also: a result redeemed twice, a result injected with another
 * state, a session acting for another account, and the pages' token without a session.
 */
@Order(6)
class HostedSessionApiEndToEndTest {

  private static final Pattern FORM_TOKEN = Pattern.compile("name=\"csrf\" value=\"([A-Za-z0-9_-]+)\"");
  private static final Pattern ACCOUNT = Pattern.compile("id=\"account\">(web-demo-[0-9]+)<");
  private static final SecureRandom RANDOM = new SecureRandom();
  static SandboxNetwork network;

  @BeforeAll
  static void startNetwork() throws Exception {
    network = SharedNetwork.get();
  }

  @Test
  void aUserVerifiesTheirRealNameThroughTheHostedApiAndThePlatformReadsTheResult() throws Exception {
    Browser browser = new Browser();
    HttpResponse<String> home = browser.get(network.samplePlatformUrl() + "/");
    assertThat(home.statusCode()).isEqualTo(200);
    assertThat(home.body()).contains("<html lang=\"en\">", "<label for=\"guardian\">", "Verify with idnet")
        .doesNotContain("<script", "style=");
    Matcher named = ACCOUNT.matcher(home.body());
    assertThat(named.find()).as(home.body()).isTrue();
    String account = named.group(1);

    // The form names no account: the platform verifies the one signed in, whatever a user sends.
    HttpResponse<String> started = browser.post(network.samplePlatformUrl() + "/start",
        "csrf=" + formToken(home) + "&account=web-demo-1&level=REAL_NAME&locale=en&guardian=");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(303);
    assertThat(started.headers().firstValue("set-cookie")).hasValueSatisfying(cookie -> assertThat(cookie)
        .startsWith(SandboxPlatformPage.STATE_COOKIE + "=").contains("HttpOnly", "SameSite=Lax"));
    String launch = launchToken(started);

    String web = SharedNetwork.token("idnet-web");
    HttpResponse<String> opened = send("POST", "/v1/hosted-sessions/openings", web,
        "{\"launchToken\":\"" + launch + "\"}");
    assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
    JsonNode hosted = json(opened);
    assertThat(hosted.get("platformId").asText()).isEqualTo("platform-a");
    assertThat(hosted.get("accountLabel").asText()).isEqualTo(account);
    assertThat(hosted.get("level").asText()).isEqualTo("REAL_NAME");
    assertThat(hosted.get("locale").asText()).isEqualTo("en");
    assertThat(hosted.get("returnOrigin").asText()).isEqualTo(network.samplePlatformUrl());
    String id = hosted.get("sessionId").asText();
    String session = id + "." + hosted.get("sessionSecret").asText();
    // The launch address is single use.
    assertThat(send("POST", "/v1/hosted-sessions/openings", web, "{\"launchToken\":\"" + launch + "\"}").statusCode())
        .isEqualTo(404);

    // The pages' token reaches no platform route without a session...
    String phone = "0986" + String.format("%06d", RANDOM.nextInt(1_000_000));
    HttpResponse<String> noSession = send("POST", "/v1/phone-verifications", web,
        "{\"accountId\":\"" + account + "\",\"phoneNumber\":\"" + phone + "\"}");
    assertThat(noSession.statusCode()).as(noSession.body()).isEqualTo(403);
    assertThat(json(noSession).get("code").asText()).isEqualTo("session-required");
    assertThat(SharedNetwork.get("/v1/accounts/" + account + "/verification", web).statusCode()).isEqualTo(403);
    // ...nor, with one, a route that is not a hosted step...
    assertThat(send("GET", "/v1/accounts/" + account + "/verification", web, null, "Idnet-Session", session)
        .statusCode()).isEqualTo(403);
    // ...and with one acts for the session's account only: another is unknown, as any unknown account.
    HttpResponse<String> elsewhere = send("POST", "/v1/phone-verifications", web,
        "{\"accountId\":\"e2e-alice\",\"phoneNumber\":\"" + phone + "\"}", "Idnet-Session", session);
    assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(404);
    JsonNode citizen = citizen(7);
    HttpResponse<String> otherName = send("PUT", "/v1/accounts/e2e-alice/real-name", web, realName(citizen),
        "Idnet-Session", session);
    assertThat(otherName.statusCode()).as(otherName.body()).isEqualTo(404);
    // A wrong secret is no session at all.
    assertThat(send("POST", "/v1/phone-verifications", web, "{\"accountId\":\"" + account + "\",\"phoneNumber\":\""
        + phone + "\"}", "Idnet-Session", id + "." + "A".repeat(43)).statusCode()).isEqualTo(401);

    // Phone: the same routes a platform calls, counted against platform-a.
    HttpResponse<String> verification = send("POST", "/v1/phone-verifications", web,
        "{\"accountId\":\"" + account + "\",\"phoneNumber\":\"" + phone + "\"}", "Idnet-Session", session);
    assertThat(verification.statusCode()).as(verification.body()).isEqualTo(201);
    String code = smsCode("+84" + phone.substring(1));
    HttpResponse<String> checked = send("POST", "/v1/phone-verifications/" + json(verification).get("id").asText()
        + "/check", web, "{\"code\":\"" + code + "\"}", "Idnet-Session", session);
    assertThat(json(checked).get("status").asText()).as(checked.body()).isEqualTo("APPROVED");

    // Identity.
    HttpResponse<String> registered = send("PUT", "/v1/accounts/" + account + "/real-name", web, realName(citizen),
        "Idnet-Session", session);
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
    HttpResponse<String> state = send("GET", "/v1/hosted-sessions/" + id, web, null, "Idnet-Session", session);
    assertThat(json(state).get("levelReached").asText()).as(state.body()).isEqualTo("REAL_NAME");

    HttpResponse<String> completed = send("POST", "/v1/hosted-sessions/" + id + "/completion", web, "{}",
        "Idnet-Session", session);
    assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);
    assertThat(json(completed).get("outcome").asText()).isEqualTo("COMPLETED");
    String redirect = json(completed).get("redirectUrl").asText();
    assertThat(redirect).startsWith(network.samplePlatformUrl() + "/return?result=");
    // A finished session's secret opens nothing any more: no step (401, no session) and no session read (404).
    assertThat(send("POST", "/v1/phone-verifications", web, "{\"accountId\":\"" + account + "\",\"phoneNumber\":\""
        + phone + "\"}", "Idnet-Session", session).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/v1/hosted-sessions/" + id, web, null, "Idnet-Session", session).statusCode())
        .isEqualTo(404);

    HttpResponse<String> back = browser.get(redirect);
    assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
    assertThat(back.body()).contains(account, "<dd id=\"outcome\">COMPLETED</dd>", "<dd id=\"level\">REAL_NAME</dd>")
        .doesNotContain(citizen.get("nationalId").asText(), citizen.get("fullName").asText(), phone.substring(1));

    // The result was spent by the platform: redeemed again, refused; the same link again, refused.
    String result = SandboxPlatformPage.parameters(URI.create(redirect).getRawQuery()).get("result");
    HttpResponse<String> again = send("POST", "/v1/verification-results/redemptions", SharedNetwork.token("platform-a"),
        "{\"result\":\"" + result + "\"}");
    assertThat(again.statusCode()).as(again.body()).isEqualTo(404);
    HttpResponse<String> replayed = browser.get(redirect);
    assertThat(replayed.statusCode()).isEqualTo(400);
    assertThat(replayed.body()).contains("Refused: not this session");
  }

  @Test
  void aResultInjectedIntoAnotherBrowserWithItsStateIsRefusedAndStaysUnspent() throws Exception {
    // The attacker starts a session for their own account and cancels it: a real result and state.
    Browser attacker = new Browser();
    String launch = launchToken(start(attacker, "PHONE"));
    String web = SharedNetwork.token("idnet-web");
    JsonNode opened = json(send("POST", "/v1/hosted-sessions/openings", web, "{\"launchToken\":\"" + launch + "\"}"));
    String id = opened.get("sessionId").asText();
    HttpResponse<String> cancelled = send("POST", "/v1/hosted-sessions/" + id + "/cancellation", web, "{}",
        "Idnet-Session", id + "." + opened.get("sessionSecret").asText());
    assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
    String redirect = json(cancelled).get("redirectUrl").asText();

    // The victim's browser has started its own verification, then is sent the attacker's link.
    Browser victim = new Browser();
    assertThat(start(victim, "PHONE").statusCode()).isEqualTo(303);
    HttpResponse<String> injected = victim.get(redirect);
    assertThat(injected.statusCode()).isEqualTo(400);
    assertThat(injected.body()).contains("Refused: not this session").doesNotContain("id=\"outcome\"");
    // A browser without the platform's cookie at all: refused the same way.
    assertThat(new Browser().get(redirect).statusCode()).isEqualTo(400);

    // The refusal did not redeem it: the browser that started it still reads the outcome.
    HttpResponse<String> own = attacker.get(redirect);
    assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
    assertThat(own.body()).contains("<dd id=\"outcome\">CANCELLED</dd>");
  }

  /** The launch token from the sample platform's 303 to idnet's pages. */
  private static String launchToken(HttpResponse<String> started) {
    assertThat(started.statusCode()).as(started.body()).isEqualTo(303);
    String location = started.headers().firstValue("location").orElseThrow();
    assertThat(location).startsWith(network.webUrl() + "/verify/");
    String launch = location.substring((network.webUrl() + "/verify/").length());
    assertThat(launch).matches("[A-Za-z0-9_-]{43}");
    return launch;
  }

  /** A sandbox citizen (adult) further down the list than the other end-to-end classes use. */
  private static JsonNode citizen(int index) throws Exception {
    HttpResponse<String> citizens = SharedNetwork.get("/sandbox/citizens?count=" + (index + 1) + "&minor=false", null);
    assertThat(citizens.statusCode()).as(citizens.body()).isEqualTo(200);
    return json(citizens).get(index);
  }

  private static String realName(JsonNode citizen) {
    return "{\"fullName\":\"" + citizen.get("fullName").asText() + "\",\"nationalId\":\""
        + citizen.get("nationalId").asText() + "\",\"dateOfBirth\":\"" + citizen.get("dateOfBirth").asText() + "\"}";
  }

  private static String smsCode(String e164) throws Exception {
    HttpResponse<String> sms = SharedNetwork.get("/sandbox/sms?to=" + URLEncoder.encode(e164, StandardCharsets.UTF_8), null);
    assertThat(sms.statusCode()).isEqualTo(200);
    Matcher code = Pattern.compile("\\b(\\d{6})\\b").matcher(json(sms).get(0).get("text").asText());
    assertThat(code.find()).as(sms.body()).isTrue();
    return code.group(1);
  }

  /** A user's browser as far as the sample platform sees it: its cookies kept, redirects not followed. */
  @Test
  void theSamplePlatformStartsAVerificationOnlyFromItsOwnPageInTheSameBrowser() throws Exception {
    Browser user = new Browser();
    HttpResponse<String> home = user.get(network.samplePlatformUrl() + "/");
    // No form token (another site's form), another browser's token, or no sign-in: refused.
    assertThat(user.post(network.samplePlatformUrl() + "/start", "level=PHONE&locale=vi").statusCode()).isEqualTo(403);
    Browser stranger = new Browser();
    stranger.get(network.samplePlatformUrl() + "/");
    assertThat(stranger.post(network.samplePlatformUrl() + "/start", "csrf=" + formToken(home) + "&level=PHONE&locale=vi")
        .statusCode()).isEqualTo(403);
    assertThat(new Browser().post(network.samplePlatformUrl() + "/start", "csrf=" + formToken(home)
        + "&level=PHONE&locale=vi").statusCode()).isEqualTo(403);
    assertThat(user.post(network.samplePlatformUrl() + "/start", "csrf=" + formToken(home) + "&level=PHONE&locale=vi")
        .statusCode()).isEqualTo(303);
  }

  /** Signs in to the sample platform (GET /) and starts a verification from its form. */
  private static HttpResponse<String> start(Browser browser, String level) throws Exception {
    HttpResponse<String> home = browser.get(network.samplePlatformUrl() + "/");
    return browser.post(network.samplePlatformUrl() + "/start", "csrf=" + formToken(home) + "&level=" + level
        + "&locale=vi");
  }

  private static String formToken(HttpResponse<String> home) {
    Matcher token = FORM_TOKEN.matcher(home.body());
    assertThat(token.find()).as(home.body()).isTrue();
    return token.group(1);
  }

  private static final class Browser {

    private final HttpClient http = HttpClient.newBuilder()
        .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
        .followRedirects(HttpClient.Redirect.NEVER).build();

    HttpResponse<String> get(String url) throws Exception {
      return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(SharedNetwork.ANSWER_WITHIN).build(),
          HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String url, String form) throws Exception {
      return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(SharedNetwork.ANSWER_WITHIN)
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
  }
}
