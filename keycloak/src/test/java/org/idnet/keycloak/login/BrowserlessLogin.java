package org.idnet.keycloak.login;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser without a browser: Keycloak's login pages driven by plain HTTP, as a person's browser
 * would (its cookies kept, redirects seen one by one, forms posted to the {@code action} the page
 * names). One instance is one browser profile: Keycloak's SSO cookie lives as long as it does.
 */
final class BrowserlessLogin {

  private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private static final Pattern FORM = Pattern.compile("<form[^>]*\\sid=\"([^\"]+)\"[^>]*\\saction=\"([^\"]+)\"",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern FORM_ACTION_FIRST = Pattern.compile("<form[^>]*\\saction=\"([^\"]+)\"[^>]*\\sid=\"([^\"]+)\"",
      Pattern.CASE_INSENSITIVE);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, String> cookies = new LinkedHashMap<>();

  /** A page or a redirect as the browser received it. */
  record Page(int status, String body, Optional<String> location) {

    /** The {@code action} of the form with this id (HTML entities decoded), if the page has it. */
    Optional<String> formAction(String formId) {
      for (Pattern pattern : List.of(FORM, FORM_ACTION_FIRST)) {
        Matcher matcher = pattern.matcher(body);
        while (matcher.find()) {
          boolean idFirst = pattern == FORM;
          String id = idFirst ? matcher.group(1) : matcher.group(2);
          String action = idFirst ? matcher.group(2) : matcher.group(1);
          if (id.equals(formId)) {
            return Optional.of(action.replace("&amp;", "&"));
          }
        }
      }
      return Optional.empty();
    }

    /** A query parameter of the redirect's target. */
    Optional<String> redirectParameter(String name) {
      return location.flatMap(target -> query(URI.create(target)).entrySet().stream()
          .filter(e -> e.getKey().equals(name)).map(Map.Entry::getValue).findFirst());
    }
  }

  /** A PKCE pair (RFC 7636, S256). */
  record Pkce(String verifier, String challenge) {

    static Pkce create() {
      byte[] bytes = new byte[32];
      RANDOM.nextBytes(bytes);
      String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      try {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return new Pkce(verifier, Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  Page get(String url) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  Page post(String url, Map<String, String> form) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(encode(form))));
  }

  /** Posts the form with this id on {@code page} (fails when the page has none). */
  Page submit(Page page, String formId, Map<String, String> fields) throws IOException, InterruptedException {
    String action = page.formAction(formId).orElseThrow(() -> new AssertionError(
        "no form '" + formId + "' on the page (status " + page.status() + "):\n" + page.body()));
    return post(action, fields);
  }

  private Page send(HttpRequest.Builder request) throws IOException, InterruptedException {
    if (!cookies.isEmpty()) {
      request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining("; ")));
    }
    HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
    for (String header : response.headers().allValues("Set-Cookie")) {
      String pair = header.split(";", 2)[0];
      int equals = pair.indexOf('=');
      String name = pair.substring(0, equals).trim();
      String value = pair.substring(equals + 1).trim();
      boolean expired = header.toLowerCase(java.util.Locale.ROOT).contains("max-age=0") || value.isEmpty();
      if (expired) {
        cookies.remove(name);
      } else {
        cookies.put(name, value);
      }
    }
    return new Page(response.statusCode(), response.body(), response.headers().firstValue("Location"));
  }

  static String encode(Map<String, String> form) {
    return form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  static Map<String, String> query(URI uri) {
    Map<String, String> parameters = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null) {
      return parameters;
    }
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      parameters.put(java.net.URLDecoder.decode(name, StandardCharsets.UTF_8), java.net.URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return parameters;
  }
}
