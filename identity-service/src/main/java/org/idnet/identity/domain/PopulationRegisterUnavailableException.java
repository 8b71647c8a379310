package org.idnet.identity.domain;

/**
 * The population register could not answer. Distinct from a "no": the caller may try again later,
 * and nothing may be recorded as refused. Messages name the failure (a status code, a timeout),
 * never the citizen asked about.
 */
public class PopulationRegisterUnavailableException extends RuntimeException {

  public PopulationRegisterUnavailableException(String message) {
    super(message);
  }

  public PopulationRegisterUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
