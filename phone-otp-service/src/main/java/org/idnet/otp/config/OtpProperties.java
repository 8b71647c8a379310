package org.idnet.otp.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.idnet.redis.RedisEndpoint;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything configurable in phone-otp-service, under {@code idnet.otp}. Secrets come from the
 * environment in production (e.g. {@code IDNET_OTP_CODE_HASH_KEY}); {@link #toString()} never
 * prints them.
 *
 * @param redisUrl Redis with verifications and limit counters, a Lettuce URI: {@code redis://},
 *     {@code rediss://} (TLS), {@code redis-sentinel://} or {@code rediss-sentinel://} (Sentinel names
 *     the master, again after a failover); the password in it (default redis://localhost:6379). TLS
 *     is verified against {@code idnet.redis.trust-file} (RedisTrustProperties)
 * @param redisTimeout command and connect timeout; an outage fails calls this fast (default 1s)
 * @param redisReconnectDelay pause between Lettuce's reconnect attempts (default 500ms)
 * @param codeHashKey required, base64, at least 32 bytes: keys the code HMAC and, by a separate
 *     derivation, the phone hashes that name Redis counters
 * @param dataKey required, base64, exactly 32 bytes: AES-256-GCM key for the phone number and the
 *     account id inside a verification, and the account id of an Idempotency-Key's remembered answer
 * @param defaultRegion region for numbers typed in national form (default VN)
 * @param allowedRegions regions whose mobile numbers are accepted (default [VN])
 * @param codeTtl how long a code is valid (default 5m)
 * @param retention how long a verification stays readable after its code expired (default 10m)
 * @param limits checks, sends and abuse limits
 * @param idempotencyWindow how long an Idempotency-Key of CreatePhoneVerification is remembered
 *     with its first answer (default 24h, api.md; at least a verification's longest life)
 * @param identityTarget identity-service gRPC address, host:port, over mutual TLS ({@code idnet.tls.*};
 *     default localhost:9092)
 * @param identityDeadline deadline of every BindPhone call (default 2s)
 * @param bindLease how long a consumed code waits for BindPhone before it counts again (default
 *     10s; must exceed identityDeadline)
 * @param sms the SMS adapter
 */
@ConfigurationProperties("idnet.otp")
public record OtpProperties(
    @DefaultValue("redis://localhost:6379") String redisUrl,
    @DefaultValue("1s") Duration redisTimeout,
    @DefaultValue("500ms") Duration redisReconnectDelay,
    String codeHashKey,
    String dataKey,
    @DefaultValue("VN") String defaultRegion,
    @DefaultValue("VN") List<String> allowedRegions,
    @DefaultValue("5m") Duration codeTtl,
    @DefaultValue("10m") Duration retention,
    @DefaultValue Limits limits,
    @DefaultValue("24h") Duration idempotencyWindow,
    @DefaultValue("localhost:9092") String identityTarget,
    @DefaultValue("2s") Duration identityDeadline,
    @DefaultValue("10s") Duration bindLease,
    @DefaultValue Sms sms) {

  public OtpProperties {
    if (bindLease.compareTo(identityDeadline) <= 0) {
      throw new IllegalArgumentException("idnet.otp.bind-lease must be longer than idnet.otp.identity-deadline");
    }
  }

  /**
   * @param maxChecks checks per verification (default 5)
   * @param maxSends SMS per verification, the first included (default 5)
   * @param resendInterval time between two sends of one verification (default 60s)
   * @param maxFailedChecksPerPhone failed checks per phone across verifications and platforms
   *     (default 100)
   * @param maxFailedChecksPerPhonePerPlatform of those, what one platform may use (default 20: at
   *     most a fifth, so a code is still guessed with probability at most 1e-4 a day, and no
   *     platform alone locks a number out)
   * @param failedChecksWindow window of both counts (default 24h)
   * @param maxVerificationsPerPhone new verifications per phone, all platforms (default 15)
   * @param maxVerificationsPerPhonePerPlatform of those, what one platform may start (default 3)
   * @param phoneWindow window of both counts (default 1h)
   * @param maxVerificationsPerPlatform new verifications per platform (default 600)
   * @param platformWindow window of that count (default 1m)
   * @param prefixLength characters of E.164 that make a prefix, '+' included (default 7, "+849123")
   * @param maxSendsPerPrefix sends per prefix, all platforms: the SMS-pumping guard (default 1000)
   * @param maxSendsPerPrefixPerPlatform of those, what one platform may send (default 200)
   * @param prefixWindow window of both counts (default 10m)
   */
  public record Limits(
      @DefaultValue("5") int maxChecks,
      @DefaultValue("5") int maxSends,
      @DefaultValue("60s") Duration resendInterval,
      @DefaultValue("100") int maxFailedChecksPerPhone,
      @DefaultValue("20") int maxFailedChecksPerPhonePerPlatform,
      @DefaultValue("24h") Duration failedChecksWindow,
      @DefaultValue("15") int maxVerificationsPerPhone,
      @DefaultValue("3") int maxVerificationsPerPhonePerPlatform,
      @DefaultValue("1h") Duration phoneWindow,
      @DefaultValue("600") int maxVerificationsPerPlatform,
      @DefaultValue("1m") Duration platformWindow,
      @DefaultValue("7") int prefixLength,
      @DefaultValue("1000") int maxSendsPerPrefix,
      @DefaultValue("200") int maxSendsPerPrefixPerPlatform,
      @DefaultValue("10m") Duration prefixWindow) {
  }

  /**
   * @param adapter {@code http} (default: the production provider), {@code outbox} (sandbox
   *     profile only: messages kept in Redis and readable through ListSms) or {@code recording}
   *     (sandbox profile only, for the benchmark: nothing sent, the last message per number kept in
   *     memory and readable through ListSms)
   */
  public record Sms(@DefaultValue("http") String adapter, @DefaultValue Http http) {
  }

  /**
   * @param url provider endpoint; required with the http adapter
   * @param apiKey provider credential, sent in {@code apiKeyHeader}; required with the http adapter
   * @param apiKeyHeader header that carries the key (default X-Api-Key)
   * @param connectTimeout TCP connect timeout (default 2s)
   * @param requestTimeout whole-request timeout (default 5s)
   * @param breaker when to stop calling a failing provider
   */
  public record Http(
      URI url,
      String apiKey,
      @DefaultValue("X-Api-Key") String apiKeyHeader,
      @DefaultValue("2s") Duration connectTimeout,
      @DefaultValue("5s") Duration requestTimeout,
      @DefaultValue Breaker breaker) {

    @Override
    public String toString() {
      return "Http[url=" + url + ", apiKey=" + (apiKey == null ? "unset" : "***") + "]";
    }
  }

  /**
   * @param failureRateThreshold percentage of failed calls that opens the breaker (default 50)
   * @param slidingWindowSize calls the rate is computed over (default 10)
   * @param minimumNumberOfCalls calls before the rate counts (default 5)
   * @param waitInOpenState how long the breaker stays open before probing again (default 30s)
   */
  public record Breaker(
      @DefaultValue("50") float failureRateThreshold,
      @DefaultValue("10") int slidingWindowSize,
      @DefaultValue("5") int minimumNumberOfCalls,
      @DefaultValue("30s") Duration waitInOpenState) {
  }

  @Override
  public String toString() {
    return "OtpProperties[redisUrl=" + RedisEndpoint.redacted(redisUrl) + ", codeHashKey=***, dataKey=***, limits=" + limits
        + ", identityTarget=" + identityTarget + ", sms=" + sms + "]";
  }
}
