package org.idnet.web.console;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser without a browser: real HTTP to the web on its port, its cookies kept by hand (the
 * session cookie is {@code __Host-} and Secure, which java.net's cookie store would not send over
 * http), no redirect followed, an address of its own in X-Forwarded-For (the web's POST limit counts
 * per address).
 */
final class ConsoleBrowser {

  static final Pattern CSRF = Pattern.compile("<input type=\"hidden\" name=\"_csrf\" value=\"([^\"]+)\"");
  private static final AtomicInteger ADDRESSES = new AtomicInteger(10);
  private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  final String base;
  final Map<String, String> cookies = new LinkedHashMap<>();
  private final String address = "198.51.100." + ADDRESSES.incrementAndGet();

  ConsoleBrowser(String base) {
    this.base = base;
  }

  HttpResponse<String> get(String pathOrUrl) {
    return send(HttpRequest.newBuilder(uri(pathOrUrl)).GET());
  }

  HttpResponse<String> post(String path, Map<String, String> form) {
    String body = form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
        .header("Origin", base).POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** POSTs {@code form} plus the session's CSRF token, read from the console's menu (its logout form). */
  HttpResponse<String> postWithToken(String path, Map<String, String> form) {
    Map<String, String> withToken = new LinkedHashMap<>(form);
    withToken.put("_csrf", csrf(get("/console").body()));
    return post(path, withToken);
  }

  static String csrf(String page) {
    Matcher m = CSRF.matcher(page);
    if (!m.find()) {
      throw new AssertionError("no _csrf field in the page: " + page);
    }
    return m.group(1);
  }

  private URI uri(String pathOrUrl) {
    return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    request.header("X-Forwarded-For", address);
    if (!cookies.isEmpty()) {
      request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining("; ")));
    }
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      for (String cookie : response.headers().allValues("Set-Cookie")) {
        String pair = cookie.split(";", 2)[0];
        String name = pair.substring(0, pair.indexOf('='));
        String value = pair.substring(pair.indexOf('=') + 1);
        if (value.isEmpty() || cookie.toLowerCase().contains("max-age=0")) {
          cookies.remove(name);
        } else {
          cookies.put(name, value);
        }
      }
      return response;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A plain GET without cookies (the issuer's authorization endpoint), no redirect followed. */
  static HttpResponse<String> visit(String url) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
