package org.idnet.identity.hosted.domain;


/** How a hosted session ended, as the platform reads it with the result (docs/pages.md section 3.2). */
public enum SessionOutcome {
  COMPLETED,
  GUARDIAN_REQUIRED,
  ATTEMPTS_EXHAUSTED,
  CANCELLED,
  EXPIRED
}
