package org.idnet.webhooks.delivery.domain;

/**
 * What one attempt got: the endpoint's HTTP status (0 when there was none) and, when it failed, why
 * in a few words (no response body: it is the receiver's, and may say anything).
 */
public record SendResult(int status, String error) {

  public static SendResult answered(int status) {
    return new SendResult(status, status >= 200 && status < 300 ? "" : "HTTP " + status);
  }

  public static SendResult failed(String error) {
    return new SendResult(0, error);
  }

  public boolean delivered() {
    return status >= 200 && status < 300;
  }
}
