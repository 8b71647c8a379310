package org.idnet.importer;

/** The upload cannot go on; the message says why and what to do (exit code 1). */
final class UploadException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  UploadException(String message) {
    super(message);
  }
}
