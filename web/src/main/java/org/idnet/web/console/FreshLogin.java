package org.idnet.web.console;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;

/**
 * The fresh login an approval needs (docs/pages.md section 4.2). {@code GET …/approve} keeps a
 * {@link Marker} in the session and sends the official to the issuer with {@code prompt=login&max_age=0};
 * back from it, {@link #check} accepts the new ID token only when it was issued by a login that began
 * after the marker (5 s of clock difference allowed), by the same person, with an OTP. The approval
 * POST must follow within {@link #APPROVE_WITHIN} of that check, and spends the marker.
 */
public final class FreshLogin {

  /** The session attribute holding the marker. */
  public static final String ATTRIBUTE = "idnet.console.fresh-login";
  /** Clock difference allowed between the web and the issuer. */
  public static final Duration SKEW = Duration.ofSeconds(5);
  /** How long the confirmed approval page may be posted. */
  public static final Duration APPROVE_WITHIN = Duration.ofMinutes(2);

  private FreshLogin() {
  }

  /**
   * One approval under way.
   *
   * @param requestId the request to approve
   * @param digest its digest as shown (sent as If-Match)
   * @param startedAt when the fresh login was asked for
   * @param nonce the marker's own random name, in the authorization link
   * @param subject the {@code sub} of the official who asked
   * @param confirmedAt when {@link #check} accepted the fresh login, else null
   */
  public record Marker(String requestId, String digest, Instant startedAt, String nonce, String subject,
      Instant confirmedAt) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    public Marker confirmed(Instant at) {
      return new Marker(requestId, digest, startedAt, nonce, subject, at);
    }

    /** The approval may be posted: confirmed, for this request, not more than 2 min ago. */
    public boolean approvable(String id, Instant now) {
      return confirmedAt != null && requestId.equals(id) && !now.isAfter(confirmedAt.plus(APPROVE_WITHIN));
    }
  }

  /** What {@link #check} found. */
  public enum Outcome {
    ACCEPTED,
    /** The login is older than the marker: the browser or the issuer skipped the password and OTP. */
    NOT_FRESH,
    /** Another person logged in: the session ends. */
    OTHER_PERSON,
    /** No OTP in the login ({@code amr} without {@code otp}). */
    NO_OTP
  }

  /**
   * @param authTime the ID token's {@code auth_time}, or null when absent (refused)
   * @param amr the ID token's {@code amr}, or null
   */
  public static Outcome check(Marker marker, String subject, Instant authTime, Collection<String> amr) {
    Objects.requireNonNull(marker, "marker");
    if (subject == null || !subject.equals(marker.subject())) {
      return Outcome.OTHER_PERSON;
    }
    if (authTime == null || authTime.isBefore(marker.startedAt().minus(SKEW))) {
      return Outcome.NOT_FRESH;
    }
    if (amr == null || !amr.contains("otp")) {
      return Outcome.NO_OTP;
    }
    return Outcome.ACCEPTED;
  }
}
