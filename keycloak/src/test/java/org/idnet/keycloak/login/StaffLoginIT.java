package org.idnet.keycloak.login;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.idnet.keycloak.login.BrowserlessLogin.Page;
import org.idnet.keycloak.login.BrowserlessLogin.Pkce;
import org.idnet.keycloak.realm.DevelopmentRealm;
import org.idnet.keycloak.server.KeycloakServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The staff login of the realm files, on real Keycloak (the distribution the build unpacked, the
 * development realm imported fresh): the agency console's client {@code idnet-console} with the
 * realm's browser flow, driven by plain HTTP as a browser would (docs/pages.md, section 4.1). A
 * password alone gives no code; password then the TOTP code of the seeded secret gives tokens that
 * say so ({@code amr} pwd and otp, {@code auth_time}); a used code is refused; a fresh login
 * ({@code prompt=login}, {@code max_age=0}) asks for both again; a staff member without OTP must
 * set it up; the client needs PKCE S256 and its exact redirect URI, and has no other grant.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StaffLoginIT {

  static final Path HOME = Path.of(System.getProperty("idnet.home", "..")).toAbsolutePath().normalize();
  static final Path PROCESS_LOGS = Path.of(System.getProperty("idnet.process-logs", "target/process-logs")).toAbsolutePath();
  static final ObjectMapper JSON = new ObjectMapper();
  static final String CLIENT = "idnet-console";
  static final String SECRET = "idnet-console-secret";
  /** The sandbox's redirect URI (nothing needs to listen there: the browser's redirect is read, not followed). */
  static final String REDIRECT = "http://localhost:8070/login/oauth2/code/idnet-console";
  static final Map<String, String> SEEDS = seeds();

  static KeycloakServer keycloak;
  /** officer.an's browser: its SSO cookie carries from one test to the next. */
  static BrowserlessLogin anBrowser;
  static long anCodeStep;
  static String anCode;

  @BeforeAll
  static void startKeycloak() throws Exception {
    Path instance = HOME.resolve("keycloak/target/staff-login-it");
    // Keep the copy of the distribution and its build (a later start takes seconds); drop the database,
    // so the realm is imported fresh from the files of this build.
    deleteTree(instance.resolve("server").resolve("data"));
    Instant started = Instant.now();
    keycloak = KeycloakServer.start(new KeycloakServer.Settings(HOME, instance, Path.of(System.getProperty("java.home")),
        freePort(), freePort(), DevelopmentRealm.fromClasspath(), "sandbox-admin", "sandbox-admin-password", "384m"),
        Duration.ofSeconds(240), PROCESS_LOGS.resolve("StaffLoginIT-keycloak.log"));
    System.out.println("Keycloak " + KeycloakServer.version() + " ready in " + Duration.between(started, Instant.now()).toSeconds() + " s");
  }

  @AfterAll
  static void stopKeycloak() {
    if (keycloak != null) {
      keycloak.close();
    }
  }

  @Test
  @Order(1)
  void aStaffLoginIsPasswordThenTheTotpCodeAndItsTokensSaySo() throws Exception {
    anBrowser = new BrowserlessLogin();
    Pkce pkce = Pkce.create();
    long before = Instant.now().getEpochSecond();
    Page login = anBrowser.get(authorize(pkce, "state-an-1", "nonce-an-1", ""));
    assertThat(login.status()).isEqualTo(200);
    Page otp = anBrowser.submit(login, "kc-form-login", password("officer.an"));
    assertThat(otp.location()).as("no code for a password alone").isEmpty();
    assertThat(otp.formAction("kc-otp-login-form")).as("the OTP form follows the password").isPresent();

    Totp totp = Totp.ofBase32(SEEDS.get("officer.an"));
    long step = Totp.step(Instant.now());
    String wrong = totp.code(step - 10);
    if (!wrong.equals(totp.code(step)) && !wrong.equals(totp.code(step + 1)) && !wrong.equals(totp.code(step - 1))) {
      Page refused = anBrowser.submit(otp, "kc-otp-login-form", Map.of("otp", wrong));
      assertThat(refused.location()).as("a wrong code gives no code").isEmpty();
      assertThat(refused.body()).contains("Invalid authenticator code");
      otp = refused;
    }
    anCodeStep = Totp.step(Instant.now());
    anCode = totp.code(anCodeStep);
    Page back = anBrowser.submit(otp, "kc-otp-login-form", Map.of("otp", anCode));
    assertThat(back.status()).isEqualTo(302);
    assertThat(back.location()).hasValueSatisfying(l -> assertThat(l).startsWith(REDIRECT + "?"));
    assertThat(back.redirectParameter("state")).hasValue("state-an-1");
    assertThat(back.redirectParameter("iss")).hasValue(keycloak.issuer());

    JsonNode tokens = exchange(back.redirectParameter("code").orElseThrow(), pkce.verifier());
    long after = Instant.now().getEpochSecond();
    JsonNode access = claims(tokens.get("access_token").asText());
    JsonNode id = claims(tokens.get("id_token").asText());
    for (JsonNode token : new JsonNode[] {access, id}) {
      assertThat(token.get("amr")).extracting(JsonNode::asText).containsExactly("pwd", "otp");
      assertThat(token.get("auth_time").asLong()).isBetween(before - 1, after + 1);
      assertThat(token.get("preferred_username").asText()).isEqualTo("officer.an");
      assertThat(token.get("azp").asText()).isEqualTo(CLIENT);
    }
    assertThat(access.get("aud").asText()).isEqualTo("idnet");
    assertThat(access.get("realm_access").get("roles")).extracting(JsonNode::asText).containsExactly("agency-officer");
    assertThat(access.get("agency_id").asText()).isEqualTo("agency-1");
    assertThat(access.get("exp").asLong() - access.get("iat").asLong()).isEqualTo(300);
    assertThat(id.get("nonce").asText()).isEqualTo("nonce-an-1");
    assertThat(tokens.has("refresh_token")).isTrue();
  }

  @Test
  @Order(2)
  void pkceS256IsRequired() throws Exception {
    // officer.an's browser is signed in: Keycloak answers each authorization at once with a code.
    Page noChallenge = anBrowser.get(keycloak.issuer() + "/protocol/openid-connect/auth?" + BrowserlessLogin.encode(
        ordered("client_id", CLIENT, "response_type", "code", "scope", "openid idnet", "redirect_uri", REDIRECT,
            "state", "state-an-2")));
    assertThat(noChallenge.redirectParameter("code")).as("no code without a code challenge").isEmpty();
    assertThat(noChallenge.redirectParameter("error")).hasValue("invalid_request");

    Pkce plainPair = Pkce.create();
    Page plain = anBrowser.get(keycloak.issuer() + "/protocol/openid-connect/auth?" + BrowserlessLogin.encode(
        ordered("client_id", CLIENT, "response_type", "code", "scope", "openid idnet", "redirect_uri", REDIRECT,
            "state", "state-an-3", "code_challenge", plainPair.verifier(), "code_challenge_method", "plain")));
    assertThat(plain.redirectParameter("code")).as("no code for the plain method").isEmpty();
    assertThat(plain.redirectParameter("error")).hasValue("invalid_request");

    Pkce pkce = Pkce.create();
    Page withoutVerifier = anBrowser.get(authorize(pkce, "state-an-4", "nonce-an-4", ""));
    BrowserlessLogin.Page answer = tokenRequest(withoutVerifier.redirectParameter("code").orElseThrow(), null);
    assertThat(answer.status()).isEqualTo(400);
    assertThat(JSON.readTree(answer.body()).get("error").asText()).isEqualTo("invalid_grant");
    assertThat(answer.body()).contains("PKCE code verifier not specified");

    Page wrongVerifier = anBrowser.get(authorize(pkce, "state-an-5", "nonce-an-5", ""));
    answer = tokenRequest(wrongVerifier.redirectParameter("code").orElseThrow(), Pkce.create().verifier());
    assertThat(answer.status()).isEqualTo(400);
    assertThat(JSON.readTree(answer.body()).get("error").asText()).isEqualTo("invalid_grant");

    Page right = anBrowser.get(authorize(pkce, "state-an-6", "nonce-an-6", ""));
    assertThat(exchange(right.redirectParameter("code").orElseThrow(), pkce.verifier()).has("access_token")).isTrue();
  }

  @Test
  @Order(3)
  void redirectUrisAreExact() throws Exception {
    Pkce pkce = Pkce.create();
    for (String other : new String[] {REDIRECT + "/more", REDIRECT.replace("8070", "8071"),
        REDIRECT.replace("localhost", "127.0.0.1"), "https://www.idnet.invalid/login/oauth2/code/idnet-console"}) {
      Page refused = anBrowser.get(authorize(pkce, "state-r", "nonce-r", "").replace(
          BrowserlessLogin.encode(Map.of("redirect_uri", REDIRECT)), BrowserlessLogin.encode(Map.of("redirect_uri", other))));
      assertThat(refused.status()).as(other).isEqualTo(400);
      assertThat(refused.location()).as(other).isEmpty();
      assertThat(refused.body()).as(other).contains("Invalid parameter: redirect_uri");
    }
  }

  @Test
  @Order(4)
  void aFreshLoginAsksForPasswordAndANewCodeAgain() throws Exception {
    Pkce pkce = Pkce.create();
    long before = Instant.now().getEpochSecond();
    Page login = anBrowser.get(authorize(pkce, "state-an-7", "nonce-an-7", "&prompt=login&max_age=0"));
    assertThat(login.location()).as("the SSO cookie does not answer a fresh login").isEmpty();
    Page otp = anBrowser.submit(login, "kc-form-login", password("officer.an"));
    assertThat(otp.formAction("kc-otp-login-form")).isPresent();
    Page reused = anBrowser.submit(otp, "kc-otp-login-form", Map.of("otp", anCode));
    assertThat(reused.location()).as("the code of the first login, used again").isEmpty();
    assertThat(reused.body()).contains("Invalid authenticator code");
    // Keycloak refuses a code used before: the next one comes with the next 30 s window.
    while (Totp.step(Instant.now()) <= anCodeStep) {
      Thread.sleep(500);
    }
    Page back = anBrowser.submit(reused, "kc-otp-login-form", Map.of("otp",
        Totp.ofBase32(SEEDS.get("officer.an")).at(Instant.now())));
    assertThat(back.redirectParameter("state")).hasValue("state-an-7");
    JsonNode tokens = exchange(back.redirectParameter("code").orElseThrow(), pkce.verifier());
    for (String kind : new String[] {"access_token", "id_token"}) {
      JsonNode token = claims(tokens.get(kind).asText());
      assertThat(token.get("auth_time").asLong()).as(kind + ": the new login's time").isGreaterThanOrEqualTo(before);
      assertThat(token.get("amr")).extracting(JsonNode::asText).containsExactly("pwd", "otp");
    }
  }

  @Test
  @Order(5)
  void aStaffMemberWithoutOtpMustSetItUpBeforeAnyCode() throws Exception {
    BrowserlessLogin browser = new BrowserlessLogin();
    Pkce pkce = Pkce.create();
    Page login = browser.get(authorize(pkce, "state-new-1", "nonce-new-1", ""));
    Page next = browser.submit(login, "kc-form-login", password("officer.new"));
    assertThat(next.redirectParameter("code")).isEmpty();
    assertThat(next.location()).hasValueSatisfying(l -> assertThat(l).contains("/login-actions/required-action")
        .contains("execution=CONFIGURE_TOTP"));
    Page setup = browser.get(next.location().orElseThrow());
    assertThat(setup.status()).isEqualTo(200);
    assertThat(setup.body()).contains("kc-totp-secret-qr-code");
    Matcher secret = Pattern.compile("name=\"totpSecret\" value=\"([^\"]+)\"").matcher(setup.body());
    assertThat(secret.find()).as("the set-up form carries the new secret").isTrue();

    // Set up as an authenticator app would: the realm's policy (HmacSHA256, 6 digits, 30 s) on that secret.
    Totp app = new Totp(secret.group(1).getBytes(StandardCharsets.UTF_8), 6, Totp.PERIOD);
    Page back = browser.submit(setup, "kc-totp-settings-form", ordered("totp", app.at(Instant.now()),
        "totpSecret", secret.group(1), "userLabel", "StaffLoginIT"));
    assertThat(back.redirectParameter("state")).hasValue("state-new-1");
    JsonNode access = claims(exchange(back.redirectParameter("code").orElseThrow(), pkce.verifier()).get("access_token").asText());
    assertThat(access.get("preferred_username").asText()).isEqualTo("officer.new");
    // Keycloak 26.7.3 names only the password here (the OTP form did not run: the set-up did): a
    // check for amr ∋ otp (approvals) sends a person who just set up OTP through one more login.
    assertThat(access.get("amr")).extracting(JsonNode::asText).containsExactly("pwd");
  }

  @Test
  @Order(6)
  void theConsoleClientHasNoOtherGrantAndTheWebClientOnlyItsRole() throws Exception {
    Page serviceAccount = post(keycloak.tokenEndpoint(), ordered("grant_type", "client_credentials", "client_id", CLIENT,
        "client_secret", SECRET));
    assertThat(serviceAccount.status()).isIn(400, 401);
    assertThat(serviceAccount.body()).contains("unauthorized_client");
    Page passwordGrant = post(keycloak.tokenEndpoint(), ordered("grant_type", "password", "client_id", CLIENT,
        "client_secret", SECRET, "username", "officer.an", "password", "officer.an-sandbox-pw"));
    assertThat(passwordGrant.status()).isIn(400, 401);
    assertThat(passwordGrant.body()).contains("unauthorized_client").doesNotContain("access_token");

    Page web = post(keycloak.tokenEndpoint(), ordered("grant_type", "client_credentials", "client_id", "idnet-web",
        "client_secret", "idnet-web-secret"));
    assertThat(web.status()).as(web.body()).isEqualTo(200);
    JsonNode access = claims(JSON.readTree(web.body()).get("access_token").asText());
    assertThat(access.get("aud").asText()).isEqualTo("idnet");
    assertThat(access.get("realm_access").get("roles")).extracting(JsonNode::asText).containsExactly("hosted-pages");
    // Service accounts' tokens stay as the sandbox's light issuer makes them: no login claims.
    assertThat(access.has("amr")).isFalse();
    assertThat(access.has("auth_time")).isFalse();
  }

  private static String authorize(Pkce pkce, String state, String nonce, String extra) {
    return keycloak.issuer() + "/protocol/openid-connect/auth?" + BrowserlessLogin.encode(ordered("client_id", CLIENT,
        "response_type", "code", "scope", "openid idnet", "redirect_uri", REDIRECT, "state", state, "nonce", nonce,
        "code_challenge", pkce.challenge(), "code_challenge_method", "S256")) + extra;
  }

  private static Map<String, String> password(String username) {
    return ordered("username", username, "password", username + "-sandbox-pw", "credentialId", "");
  }

  private static JsonNode exchange(String code, String verifier) throws Exception {
    Page answer = tokenRequest(code, verifier);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return JSON.readTree(answer.body());
  }

  private static Page tokenRequest(String code, String verifier) throws Exception {
    Map<String, String> form = ordered("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
        "client_id", CLIENT, "client_secret", SECRET);
    if (verifier != null) {
      form.put("code_verifier", verifier);
    }
    return post(keycloak.tokenEndpoint(), form);
  }

  /** A server-to-server POST (its own cookie-less client, as the web's back channel). */
  private static Page post(String url, Map<String, String> form) throws Exception {
    return new BrowserlessLogin().post(url, form);
  }

  private static JsonNode claims(String jwt) throws IOException {
    return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
  }

  private static Map<String, String> ordered(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  /** Each sandbox person's TOTP seed, as the development realm holds it. */
  private static Map<String, String> seeds() {
    Map<String, String> seeds = new LinkedHashMap<>();
    for (JsonNode user : DevelopmentRealm.fromClasspath().path("users")) {
      for (JsonNode credential : user.path("credentials")) {
        if (credential.path("type").asText().equals("otp")) {
          try {
            seeds.put(user.path("username").asText(), JSON.readTree(credential.path("secretData").asText()).path("value").asText());
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
    return seeds;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path path : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(path);
      }
    }
  }
}
