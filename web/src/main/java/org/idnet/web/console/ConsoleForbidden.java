package org.idnet.web.console;

/** A console route this official may not use: the 403 page. */
public final class ConsoleForbidden extends RuntimeException {

  public ConsoleForbidden() {
    super("forbidden", null, false, false);
  }
}
