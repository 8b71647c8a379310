package org.idnet.admin.cli;

import org.idnet.admin.onboarding.OnboardingException.Problem;

/** The program's exit codes, one per kind of outcome a script can act on. */
final class ExitCodes {

  static final int OK = 0;
  /** Keycloak or Redis unreachable, refused or failed; nothing is left half-created. */
  static final int FAILED = 1;
  /** Bad command line or input: nothing was sent anywhere. */
  static final int USAGE = 2;
  /** The client (or one of the agency's clients) already exists, or its id is on the deny-list: nothing was created. */
  static final int CONFLICT = 3;
  /** No such client: nothing was changed. */
  static final int NOT_FOUND = 4;
  /** disable/enable done in Keycloak, but the gateways' deny-list not changed: run it again. */
  static final int GATEWAYS_NOT_TOLD = 5;

  static final String HELP = """
      Exit codes: 0 done; 1 Keycloak or Redis unreachable or refused (nothing half-created);
        2 bad command line or input (nothing sent); 3 already exists, or the id is on the
        gateways' deny-list (nothing created); 4 no such client (nothing changed);
        5 disable/enable done in Keycloak but the gateways were NOT told (run the same command again).""";

  private ExitCodes() {
  }

  static int of(Problem problem) {
    return switch (problem) {
      case INVALID -> USAGE;
      case CONFLICT -> CONFLICT;
      case NOT_FOUND -> NOT_FOUND;
      case FAILED -> FAILED;
      case GATEWAYS_NOT_TOLD -> GATEWAYS_NOT_TOLD;
    };
  }
}
