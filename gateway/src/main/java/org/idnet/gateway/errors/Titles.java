package org.idnet.gateway.errors;

import org.springframework.http.HttpStatus;

/** Titles and safe default details of the statuses the gateway answers. */
public final class Titles {

  private Titles() {
  }

  public static String title(int status) {
    HttpStatus known = HttpStatus.resolve(status);
    return known == null ? "Error" : known.getReasonPhrase();
  }

  public static String defaultDetail(int status) {
    return switch (status) {
      case 401 -> "A valid bearer token is required.";
      case 403 -> "The token does not grant access to this route.";
      case 404 -> "No such resource.";
      case 410 -> "The resource existed and is gone for good.";
      case 413 -> "The request body is larger than allowed.";
      case 429 -> "Too many requests; retry after the time given in Retry-After.";
      case 503 -> "The service is unavailable; try again shortly.";
      case 504 -> "The service did not answer in time.";
      default -> "An internal error occurred.";
    };
  }

  public static Problem problem(int status) {
    return Problem.of(status, GrpcProblems.defaultCode(status), title(status), defaultDetail(status));
  }
}
