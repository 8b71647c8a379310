package org.idnet.web.hosted;

/**
 * The page the hosted flow shows (docs/pages.md section 3.1): computed on every {@code GET /verify}
 * from {@code GetHostedSession} and what the web session remembers.
 */
public enum HostedStep {
  PHONE, CODE, IDENTITY, GUARDIAN_CONFIRM, GUARDIAN_NEEDED, DONE, EXHAUSTED, ENDED, LAUNCH_UNUSABLE, UNAVAILABLE,
  REPLACED;

  /** The bundles' key prefix of this step: {@code hosted.<step>.title}, {@code .heading}. */
  public String key() {
    return "hosted." + name().toLowerCase().replace('_', '-');
  }

  static int rank(String level) {
    return switch (level == null ? "" : level) {
      case "REAL_NAME" -> 2;
      case "PHONE" -> 1;
      default -> 0;
    };
  }

  /** @param session {@code GetHostedSession}'s answer */
  static HostedStep of(HostedState state, tools.jackson.databind.JsonNode session) {
    if (state.limitReached()) {
      return EXHAUSTED;
    }
    String asked = session.path("levelAsked").asString(state.level());
    int reached = rank(session.path("levelReached").asString("NONE"));
    if (reached >= rank(asked)) {
      return DONE;
    }
    if (reached == 0) {
      return state.verificationId() == null ? PHONE : CODE;
    }
    if (session.path("realNameAttemptsLeft").asInt(3) <= 0) {
      return EXHAUSTED;
    }
    if (session.path("guardianRequired").asBoolean(false)) {
      // The guardian is the one the platform named at creation (docs/pages.md 3.4): no proof here.
      return state.guardianNamed() ? GUARDIAN_CONFIRM : GUARDIAN_NEEDED;
    }
    return IDENTITY;
  }
}
