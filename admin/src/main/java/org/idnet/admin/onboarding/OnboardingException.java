package org.idnet.admin.onboarding;

/**
 * Why a command did not do (all of) what it was asked. The message is for the operator: it names the
 * problem and never holds a secret.
 */
public final class OnboardingException extends RuntimeException {

  /** What went wrong, as far as the caller can act on it (the command line maps each to an exit code). */
  public enum Problem {
    /** The input is wrong: nothing was sent anywhere. */
    INVALID,
    /** A client with that id already exists: nothing was created. */
    CONFLICT,
    /** No client with that id: nothing was changed. */
    NOT_FOUND,
    /** Keycloak or Redis could not be reached, refused, or failed; what this run created is removed. */
    FAILED,
    /** Done in Keycloak, but the gateways' deny-list could not be changed: run the command again. */
    GATEWAYS_NOT_TOLD
  }

  private final Problem problem;

  public OnboardingException(Problem problem, String message, Throwable cause) {
    super(message, cause);
    this.problem = problem;
  }

  public static OnboardingException invalid(String message) {
    return new OnboardingException(Problem.INVALID, message, null);
  }

  public static OnboardingException conflict(String message) {
    return new OnboardingException(Problem.CONFLICT, message, null);
  }

  public static OnboardingException notFound(String message) {
    return new OnboardingException(Problem.NOT_FOUND, message, null);
  }

  public static OnboardingException failed(String message, Throwable cause) {
    return new OnboardingException(Problem.FAILED, message, cause);
  }

  public Problem problem() {
    return problem;
  }

  /** The same problem with more said before its message (e.g. what was undone). */
  public OnboardingException withPrefix(String prefix) {
    OnboardingException wider = new OnboardingException(problem, prefix + getMessage(), getCause());
    wider.setStackTrace(getStackTrace());
    return wider;
  }
}
