package org.idnet.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.idnet.client.errors.FieldError;
import org.idnet.client.errors.IdnetException;
import org.idnet.client.errors.IdnetProblemException;

/** An error answer of idnet, read into {@link IdnetProblemException}. */
final class Problems {

  private Problems() {
  }

  static IdnetProblemException from(HttpResponse<String> response, InstantSource clock) {
    Duration retryAfter = retryAfter(response.headers(), clock).orElse(null);
    JsonNode body = problemBody(response);
    if (body == null) {
      // Not idnet's problem+json (a proxy's page, an empty answer): the status is all there is.
      return new IdnetProblemException(response.statusCode(), null, null, null, null, retryAfter, List.of());
    }
    List<FieldError> errors = new ArrayList<>();
    for (JsonNode error : body.path("errors")) {
      errors.add(new FieldError(Json.text(error, "field"), Json.text(error, "message")));
    }
    return new IdnetProblemException(response.statusCode(), Json.text(body, "type"), Json.text(body, "title"),
        Json.text(body, "code"), Json.text(body, "detail"), retryAfter, errors);
  }

  private static JsonNode problemBody(HttpResponse<String> response) {
    boolean json = response.headers().firstValue("content-type").map(v -> v.contains("json")).orElse(false);
    if (!json || response.body() == null || response.body().isBlank()) {
      return null;
    }
    try {
      return Json.read(response.body());
    } catch (IdnetException e) {
      return null;
    }
  }

  /** {@code Retry-After} as seconds or as an HTTP date (RFC 9110 §10.2.3); never negative. */
  static Optional<Duration> retryAfter(HttpHeaders headers, InstantSource clock) {
    Optional<String> value = headers.firstValue("retry-after").map(String::trim);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (value.get().matches("[0-9]{19,}")) {
      // More seconds than a long holds: longer than any wait a client would sit out.
      return Optional.of(Duration.ofSeconds(Long.MAX_VALUE));
    }
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.get()))));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(value.get(), DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration wait = Duration.between(clock.instant(), at.toInstant());
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }
}
