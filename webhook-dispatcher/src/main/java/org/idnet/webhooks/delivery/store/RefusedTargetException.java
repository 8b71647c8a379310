package org.idnet.webhooks.delivery.store;

/** A URL or an address that idnet will not call; the message says why, never more. */
public final class RefusedTargetException extends Exception {

  public RefusedTargetException(String message) {
    super(message, null, false, false);
  }
}
