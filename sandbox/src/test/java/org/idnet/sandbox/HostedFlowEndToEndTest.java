package org.idnet.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.sandbox.SharedNetwork.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The hosted verification through idnet's pages, without a browser: the sample platform
 * ({@link SandboxPlatformPage}) starts a REAL_NAME session, the user's "browser" (an HTTP client
 * keeping cookies, reading {@code _csrf} from each form) follows it to the web, types a phone
 * number, the SMS code from the sandbox's SMS box, a sandbox citizen's identity, finishes, and lands
 * on the sample platform's {@code /return}, which redeems the result: COMPLETED, REAL_NAME. Run by
 * surefire on the light issuer and by failsafe on Keycloak.
 */
@Order(7)
class HostedFlowEndToEndTest {

  private static final Pattern FORM_TOKEN = Pattern.compile("name=\"csrf\" value=\"([A-Za-z0-9_-]+)\"");
  private static final Pattern ACCOUNT = Pattern.compile("id=\"account\">(web-demo-[0-9]+)<");
  private static final Pattern CSRF = Pattern.compile("<input type=\"hidden\" name=\"_csrf\" value=\"([^\"]+)\"");
  private static final Pattern SESSION = Pattern.compile("<input type=\"hidden\" name=\"session\" value=\"([^\"]+)\"");
  private static final SecureRandom RANDOM = new SecureRandom();
  static SandboxNetwork network;

  @BeforeAll
  static void startNetwork() throws Exception {
    network = SharedNetwork.get();
  }

  @Test
  void aUserVerifiesTheirRealNameOnIdnetsPagesAndThePlatformReadsCompleted() throws Exception {
    Browser browser = new Browser();
    HttpResponse<String> home = browser.get(network.samplePlatformUrl() + "/");
    Matcher named = ACCOUNT.matcher(home.body());
    assertThat(named.find()).as(home.body()).isTrue();
    String account = named.group(1);

    Matcher token = FORM_TOKEN.matcher(home.body());
    assertThat(token.find()).as(home.body()).isTrue();
    HttpResponse<String> started = browser.post(network.samplePlatformUrl() + "/start",
        "csrf=" + token.group(1) + "&level=REAL_NAME&locale=vi&guardian=");
    String launch = browser.location(started);
    assertThat(launch).startsWith(network.webUrl() + "/verify/");
    // The launch address opens the session and leaves the address bar at once.
    assertThat(browser.location(browser.get(launch))).isEqualTo(network.webUrl() + "/verify");
    assertThat(browser.get(launch).statusCode()).as("single use").isEqualTo(404);

    HttpResponse<String> phonePage = browser.get(network.webUrl() + "/verify");
    assertThat(phonePage.statusCode()).as(phonePage.body()).isEqualTo(200);
    assertThat(phonePage.body()).contains("<html lang=\"vi\"", "platform-a đề nghị bạn xác minh tài khoản " + account,
        "action=\"/verify/phone\"");
    assertThat(phonePage.headers().firstValue("content-security-policy").orElseThrow())
        .contains("form-action 'self' " + network.samplePlatformUrl() + ";");

    // A malformed number: 422, the error by the field, the title first.
    HttpResponse<String> malformed = browser.post(network.webUrl() + "/verify/phone", "phone=12");
    assertThat(malformed.statusCode()).as(malformed.body()).isEqualTo(422);
    assertThat(malformed.body()).contains("<title>Lỗi:", "id=\"phone-error\"", "aria-invalid=\"true\"");

    String phone = "0986" + String.format("%06d", RANDOM.nextInt(1_000_000));
    assertThat(browser.location(browser.post(network.webUrl() + "/verify/phone", "phone=" + phone)))
        .isEqualTo(network.webUrl() + "/verify");
    HttpResponse<String> codePage = browser.get(network.webUrl() + "/verify");
    assertThat(codePage.body()).contains("autocomplete=\"one-time-code\"").doesNotContain(phone.substring(1));
    String code = smsCode("+84" + phone.substring(1));
    assertThat(browser.location(browser.post(network.webUrl() + "/verify/code", "code=" + code)))
        .isEqualTo(network.webUrl() + "/verify");

    HttpResponse<String> identityPage = browser.get(network.webUrl() + "/verify");
    assertThat(identityPage.body()).contains("action=\"/verify/identity\"", "<label for=\"nationalId\">");
    JsonNode citizen = citizen(11);
    assertThat(browser.location(browser.post(network.webUrl() + "/verify/identity",
        "fullName=" + form(citizen.get("fullName").asText()) + "&nationalId=" + citizen.get("nationalId").asText()
            + "&dateOfBirth=" + citizen.get("dateOfBirth").asText())))
        .isEqualTo(network.webUrl() + "/verify");

    HttpResponse<String> done = browser.get(network.webUrl() + "/verify?lang=en");
    assertThat(done.body()).contains("<html lang=\"en\"", "Your account is verified", "action=\"/verify/finish\"");
    String back = browser.location(browser.post(network.webUrl() + "/verify/finish", ""));
    assertThat(back).startsWith(network.samplePlatformUrl() + "/return?result=");

    HttpResponse<String> returned = browser.get(back);
    assertThat(returned.statusCode()).as(returned.body()).isEqualTo(200);
    assertThat(returned.body()).contains(account, "<dd id=\"outcome\">COMPLETED</dd>", "<dd id=\"level\">REAL_NAME</dd>")
        .doesNotContain(citizen.get("nationalId").asText(), phone.substring(1));
    // The web forgot the session: its page now says it has ended.
    assertThat(browser.get(network.webUrl() + "/verify").statusCode()).isEqualTo(404);
  }

  private static String form(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static JsonNode citizen(int index) throws Exception {
    HttpResponse<String> citizens = SharedNetwork.get("/sandbox/citizens?count=" + (index + 1) + "&minor=false", null);
    assertThat(citizens.statusCode()).as(citizens.body()).isEqualTo(200);
    return json(citizens).get(index);
  }

  private static String smsCode(String e164) throws Exception {
    HttpResponse<String> sms = SharedNetwork.get("/sandbox/sms?to=" + URLEncoder.encode(e164, StandardCharsets.UTF_8), null);
    assertThat(sms.statusCode()).isEqualTo(200);
    Matcher code = Pattern.compile("\\b(\\d{6})\\b").matcher(json(sms).get(0).get("text").asText());
    assertThat(code.find()).as(sms.body()).isTrue();
    return code.group(1);
  }

  /**
   * A user's browser as far as HTTP goes: cookies kept by name (the JDK's cookie manager never sends
   * a {@code Secure} cookie over http, which a browser does to localhost), redirects not followed,
   * the last page's {@code _csrf} and {@code session} (the hosted session its forms act on) sent
   * with the next form, {@code Origin} as a browser sends it.
   */
  private static final class Browser {

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private String csrf = "";
    private String session = "";

    HttpResponse<String> get(String url) throws Exception {
      return keep(http.send(request(url).GET().build(), HttpResponse.BodyHandlers.ofString()));
    }

    HttpResponse<String> post(String url, String form) throws Exception {
      URI uri = URI.create(url);
      boolean web = url.startsWith(network.webUrl());
      String body = web ? "_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8) + "&session="
          + URLEncoder.encode(session, StandardCharsets.UTF_8) + (form.isEmpty() ? "" : "&" + form) : form;
      return keep(http.send(request(url).header("Content-Type", "application/x-www-form-urlencoded")
          .header("Origin", uri.getScheme() + "://" + uri.getRawAuthority())
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
    }

    String location(HttpResponse<String> response) {
      assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
      return response.uri().resolve(response.headers().firstValue("location").orElseThrow()).toString();
    }

    private HttpRequest.Builder request(String url) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(SharedNetwork.ANSWER_WITHIN);
      if (!cookies.isEmpty()) {
        request.header("Cookie", cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue())
            .collect(Collectors.joining("; ")));
      }
      return request;
    }

    private HttpResponse<String> keep(HttpResponse<String> response) {
      for (String set : response.headers().allValues("set-cookie")) {
        String pair = set.split(";", 2)[0];
        int equals = pair.indexOf('=');
        String name = pair.substring(0, equals).trim();
        String value = pair.substring(equals + 1).trim();
        boolean gone = set.toLowerCase().contains("max-age=0") || value.isEmpty();
        if (gone) {
          cookies.remove(name);
        } else {
          cookies.put(name, value);
        }
      }
      Matcher token = CSRF.matcher(response.body());
      if (token.find()) {
        csrf = token.group(1).replace("&#45;", "-");
      }
      Matcher shown = SESSION.matcher(response.body());
      if (shown.find()) {
        session = shown.group(1);
      }
      return response;
    }
  }
}
