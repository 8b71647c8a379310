package org.idnet.identity.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Set;
import org.idnet.identity.domain.Capability;
import org.idnet.identity.domain.ImportLimits;
import org.idnet.keysets.KeysetSource;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything identity-service is told, under {@code idnet.identity} (the population register has
 * its own {@link RegisterProperties}).
 *
 * @param keys where the vault's keysets come from ({@code .directory} holding {@code aead-keyset.json},
 *     {@code blind-index-keyset.json} and {@code subject-id-keyset.json}; {@code .provider} file or
 *     kms, {@code .kms-key-uri}, {@code .create-if-missing}, {@code .vault.*}: {@link KeysetSource})
 * @param capabilities what each verification level may do
 * @param maxAccountsPerPersonPerPlatform how many accounts of one platform one person may hold
 *     (default 5)
 * @param zone whose calendar counts ages: a minor turns 16 at midnight there (default
 *     Asia/Ho_Chi_Minh)
 * @param cache the Redis cache of answers
 * @param numberEvents carriers' reports
 * @param disclosureGrants which grants of disclosure-service ReleaseIdentity trusts
 * @param realName limits on asking the population register
 * @param events the webhook events' scheduled job
 * @param imports bulk imports of platforms' verified phone bindings (docs/imports.md)
 */
@ConfigurationProperties("idnet.identity")
public record IdentityProperties(
    @DefaultValue KeysetSource keys,
    @DefaultValue Capabilities capabilities,
    @DefaultValue("5") int maxAccountsPerPersonPerPlatform,
    @DefaultValue("Asia/Ho_Chi_Minh") ZoneId zone,
    @DefaultValue Cache cache,
    @DefaultValue NumberEvents numberEvents,
    @DefaultValue DisclosureGrants disclosureGrants,
    @DefaultValue RealName realName,
    @DefaultValue Events events,
    @DefaultValue Imports imports) {

  public IdentityProperties {
    if (maxAccountsPerPersonPerPlatform < 1) {
      throw new IllegalStateException("idnet.identity.max-accounts-per-person-per-platform must be at least 1");
    }
  }

  /**
   * @param phone granted at PHONE (default COMMENT, POST, LIVESTREAM)
   * @param realName granted at REAL_NAME (default also COMMERCE); minors never get COMMERCE
   */
  public record Capabilities(
      @DefaultValue({"COMMENT", "POST", "LIVESTREAM"}) Set<Capability> phone,
      @DefaultValue({"COMMENT", "POST", "LIVESTREAM", "COMMERCE"}) Set<Capability> realName) {
  }

  /**
   * @param redisUrl the Redis holding cached answers, a Lettuce URI: {@code redis://}, {@code rediss://}
   *     (TLS), {@code redis-sentinel://} or {@code rediss-sentinel://} (Sentinel names the master,
   *     again after a failover); the password in it (default redis://localhost:6379). TLS is verified
   *     against {@code idnet.redis.trust-file} (RedisTrustProperties)
   * @param ttl how long an answer is cached at most (default 10m); a minor's never past the 16th
   *     birthday, and every change of bindings invalidates at once
   * @param commandTimeout how long a look-up waits for Redis before answering from PostgreSQL
   *     (default 75ms)
   * @param retryDelay how long Redis is left alone after a failure, and the reconnect delay
   *     (default 1s)
   * @param keyPrefix prefix of every cache key (default {@code idv1:}), for a Redis shared with others
   * @param invalidationHold how long after a change the account's answer is not cached again
   *     (default 5s): a look-up that read the store before the change cannot cache the old answer
   * @param invalidationChannel the Redis channel on which every invalidation's opaque key is
   *     published, for the gateways' near caches ({@code idnet.gateway.near-cache.channel}, the
   *     same default {@code idnet:near-cache:invalidations}); empty publishes nothing and tells the
   *     gateways no cache key, so they keep no answer
   */
  public record Cache(
      @DefaultValue("redis://localhost:6379") String redisUrl,
      @DefaultValue("10m") Duration ttl,
      @DefaultValue("75ms") Duration commandTimeout,
      @DefaultValue("1s") Duration retryDelay,
      @DefaultValue("idv1:") String keyPrefix,
      @DefaultValue("5s") Duration invalidationHold,
      @DefaultValue("idnet:near-cache:invalidations") String invalidationChannel) {
  }

  /**
   * @param defaultRegion region of numbers reported in national form (default VN)
   * @param clockSkew how far in the future a reported {@code occurredAt} may lie (default 5m)
   * @param perCarrier reports per carrier, counted by each instance
   */
  public record NumberEvents(@DefaultValue("VN") String defaultRegion, @DefaultValue("5m") Duration clockSkew,
      @DefaultValue PerCarrier perCarrier) {
  }

  /**
   * At most {@code permits} number events per {@code period} from one carrier (default 300 a
   * minute: far above what recycling needs, while a stolen carrier credential revokes bindings
   * only at that pace); more → RESOURCE_EXHAUSTED {@code rate-limited}.
   */
  public record PerCarrier(@DefaultValue("300") int permits, @DefaultValue("1m") Duration period) {
  }

  /**
   * @param maxFailedConfirmationsPerDay failed register confirmations per citizen id and civil day
   *     (the service's zone), all platforms together (default 5); more →
   *     {@code too-many-failed-confirmations} until the next day, without asking the register
   * @param perPlatform register calls per platform, counted by each instance
   */
  public record RealName(@DefaultValue("5") int maxFailedConfirmationsPerDay, @DefaultValue PerPlatform perPlatform) {

    public RealName {
      if (maxFailedConfirmationsPerDay < 1) {
        throw new IllegalStateException(
            "idnet.identity.real-name.max-failed-confirmations-per-day must be at least 1");
      }
    }
  }

  /**
   * At most {@code permits} real-name registrations that reach the register per {@code period}
   * from one platform (default 20 a second, the gateway's {@code real-name} rate); more →
   * RESOURCE_EXHAUSTED {@code rate-limited}. Holds while Redis, and so the gateway's limit, is down.
   */
  public record PerPlatform(@DefaultValue("20") int permits, @DefaultValue("1s") Duration period) {
  }

  /**
   * @param publicKeysetFile the public keyset (Tink JSON, Ed25519 keys with the TINK prefix) of
   *     disclosure-service's grant-signing key, which disclosure-service writes; re-read when it
   *     changes, so keys can rotate. No default: while it is unset, missing or unusable, every
   *     ReleaseIdentity is refused (the service still starts, and logs why)
   */
  public record DisclosureGrants(Path publicKeysetFile) {
  }

  /** @param comingOfAge the job announcing minors who turned 16 */
  public record Events(@DefaultValue ComingOfAge comingOfAge) {
  }

  /**
   * @param enabled whether this replica runs the job (default true; several replicas may: one
   *     announces per run, under an advisory lock; off in migrate-only)
   * @param interval the pause between runs (default 1h): how late after midnight (zone above) a
   *     16th birthday may be announced
   */
  public record ComingOfAge(@DefaultValue("true") boolean enabled, @DefaultValue("1h") Duration interval) {

    public ComingOfAge {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalStateException("idnet.identity.events.coming-of-age.interval must be positive");
      }
    }
  }

  /**
   * @param maxVerifiedAge how old the platform's verification of an imported line may be (default
   *     180 days); older → refused {@code invalid-verified-at}
   * @param importedValidFor how long after the platform's verification an imported binding counts
   *     (default 365 days; more than {@code maxVerifiedAge}): then the account drops to NONE unless
   *     the user completed an OTP through idnet
   * @param processing the job binding uploaded batches
   * @param maxOpenImports imports a platform may have open (not completed) at once (default 10)
   * @param maxWaitingBatches batches of a platform stored and waiting for processing (default 200,
   *     about 200,000 lines): a new batch beyond is refused 429 {@code import-backlog-full}
   * @param backlogRetryAfter the Retry-After of that refusal (default 5s)
   */
  public record Imports(@DefaultValue("180d") Duration maxVerifiedAge, @DefaultValue("365d") Duration importedValidFor,
      @DefaultValue ImportProcessing processing, @DefaultValue("10") int maxOpenImports,
      @DefaultValue("200") int maxWaitingBatches, @DefaultValue("5s") Duration backlogRetryAfter) {

    /** The limits on what a platform keeps in the store through imports. */
    public ImportLimits limits() {
      return new ImportLimits(maxOpenImports, maxWaitingBatches, backlogRetryAfter);
    }

    public Imports {
      if (maxVerifiedAge.isNegative() || maxVerifiedAge.isZero()) {
        throw new IllegalStateException("idnet.identity.imports.max-verified-age must be positive");
      }
      if (importedValidFor.compareTo(maxVerifiedAge) <= 0) {
        throw new IllegalStateException(
            "idnet.identity.imports.imported-valid-for must exceed max-verified-age: a line would be imported expired");
      }
      if (maxOpenImports < 1 || maxWaitingBatches < 1 || !backlogRetryAfter.isPositive()) {
        throw new IllegalStateException("idnet.identity.imports.max-open-imports, max-waiting-batches and "
            + "backlog-retry-after must be positive");
      }
    }
  }

  /**
   * @param enabled whether this replica processes batches (default true; several replicas share the
   *     work, each batch taken by one; off in migrate-only)
   * @param interval the pause between runs when no batch waited (default 1s)
   * @param batchesPerRun batches processed by one run at most (default 50), one transaction each
   * @param expiryInterval the pause between runs of the job ending imported bindings whose period ran
   *     out (default 1m): how late the revocation and its event may come (answers read the binding as
   *     ended at once)
   */
  public record ImportProcessing(@DefaultValue("true") boolean enabled, @DefaultValue("1s") Duration interval,
      @DefaultValue("50") int batchesPerRun, @DefaultValue("1m") Duration expiryInterval) {

    public ImportProcessing {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalStateException("idnet.identity.imports.processing.interval must be positive");
      }
      if (expiryInterval.isNegative() || expiryInterval.isZero()) {
        throw new IllegalStateException("idnet.identity.imports.processing.expiry-interval must be positive");
      }
      if (batchesPerRun < 1) {
        throw new IllegalStateException("idnet.identity.imports.processing.batches-per-run must be at least 1");
      }
    }
  }
}
