package org.idnet.disclosure.config;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.idnet.disclosure.release.domain.IdentityField;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The request workflow's settings ({@code idnet.disclosure.*}).
 *
 * @param legalBases the catalogue of legal bases; required, no default: the service refuses to
 *     start without one, since it could only refuse every request (the sandbox ships examples)
 * @param deadlines how long supervisors have to decide (72 h standard, 1 h emergency)
 * @param packageLifetime how long a disclosed package may be read (7 days), then it is deleted
 * @param idempotencyWindow how long an Idempotency-Key is remembered (24 h, api.md)
 * @param release retries of releases identity-service could not serve
 * @param jobs the scheduled jobs (deadlines, release retries, package expiry, notices)
 * @param reportPeriod the transparency report's unit (1 day): it covers whole periods that have
 *     ended, never the current one, so that nobody can narrow it down to one request
 * @param approvalLoginWithin how long after a person's login (password and one-time code, the
 *     token's {@code auth_time}) their token may still approve (5 min); clients' own tokens
 *     (client credentials) have no login and are not concerned
 */
@ConfigurationProperties("idnet.disclosure")
public record DisclosureProperties(
    List<LegalBasisEntry> legalBases,
    @DefaultValue Deadlines deadlines,
    @DefaultValue("7d") Duration packageLifetime,
    @DefaultValue("24h") Duration idempotencyWindow,
    @DefaultValue Release release,
    @DefaultValue Jobs jobs,
    @DefaultValue("1d") Duration reportPeriod,
    @DefaultValue("5m") Duration approvalLoginWithin) {

  public DisclosureProperties {
    if (legalBases == null || legalBases.isEmpty()) {
      throw new IllegalStateException("idnet.disclosure.legal-bases is empty: configure the legal-basis catalogue"
          + " (code, title, allowed-fields, emergency-allowed per entry); without it no request can be filed");
    }
  }

  /**
   * @param code stable word cited by requests, e.g. {@code VN-CPC-2015-ART88}
   * @param allowedFields of FULL_NAME, DATE_OF_BIRTH, NATIONAL_ID, PHONE_NUMBER
   */
  public record LegalBasisEntry(String code, String title, Set<IdentityField> allowedFields,
      @DefaultValue("false") boolean emergencyAllowed) {
  }

  public record Deadlines(@DefaultValue("72h") Duration standard, @DefaultValue("1h") Duration emergency) {
  }

  /**
   * @param firstRetry wait after the first failed attempt, doubled after each further one
   * @param maxRetry the longest wait; an approved request is retried until it is released, refused
   *     for good, or past the release horizon ({@code idnet.evidence.release-horizon})
   */
  public record Release(@DefaultValue("10s") Duration firstRetry, @DefaultValue("10m") Duration maxRetry) {
  }

  /**
   * @param enabled false only in tests that drive the jobs by hand
   * @param deadlineInterval pause between runs of the deadline job
   * @param releaseInterval pause between runs of the release retry job
   * @param packageExpiryInterval pause between runs of the package expiry job
   * @param noticeInterval pause between runs of the notice job, which writes notice.available to
   *     the event outbox for disclosures whose confidentiality date has passed since their release:
   *     a platform hears of such a notice up to this long after the date
   * @param batchSize rows per transaction of a job
   */
  public record Jobs(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("30s") Duration deadlineInterval,
      @DefaultValue("15s") Duration releaseInterval,
      @DefaultValue("1m") Duration packageExpiryInterval,
      @DefaultValue("1m") Duration noticeInterval,
      @DefaultValue("100") int batchSize) {
  }
}
