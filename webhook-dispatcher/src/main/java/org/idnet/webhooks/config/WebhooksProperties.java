package org.idnet.webhooks.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.idnet.keysets.KeysetSource;
import org.idnet.keysets.vault.VaultSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * webhook-dispatcher's settings, under {@code idnet.webhooks} (documented in application.yml).
 *
 * @param keys where the keysets come from
 * @param sources the outboxes read: name ({@code identity}, {@code disclosure}) to target and peer
 * @param pollInterval how often an outbox is read when the last read found less than a batch
 * @param readBatch events per read, 1-500
 * @param jobsEnabled the readers and the delivery loop (off in migrate-only)
 * @param delivery how deliveries are made
 */
@ConfigurationProperties("idnet.webhooks")
public record WebhooksProperties(@DefaultValue Keys keys, Map<String, Source> sources,
    @DefaultValue("500ms") Duration pollInterval, @DefaultValue("500") int readBatch,
    @DefaultValue("true") boolean jobsEnabled, @DefaultValue Delivery delivery) {

  public WebhooksProperties {
    sources = sources == null ? Map.of() : Map.copyOf(sources);
    if (readBatch < 1 || readBatch > 500) {
      throw new IllegalArgumentException("idnet.webhooks.read-batch must be 1-500");
    }
  }

  /**
   * @param directory secret-keyset.json and account-order-keyset.json; required
   */
  public record Keys(Path directory, @DefaultValue("file") KeysetSource.Provider provider, String kmsKeyUri,
      @DefaultValue("false") boolean createIfMissing, @DefaultValue VaultSettings vault) {

    public KeysetSource source() {
      return new KeysetSource(directory, provider, kmsKeyUri, createIfMissing, vault);
    }
  }

  /**
   * @param target host:port of the service's gRPC port
   * @param peer the service its certificate must name (spiffe://idnet/&lt;peer&gt;)
   * @param deadline of each read and acknowledgement
   */
  public record Source(String target, String peer, @DefaultValue("5s") Duration deadline) {
  }

  /**
   * @param allowPrivateTargets plain http and non-public addresses: the sandbox only
   * @param connectTimeout of one connection
   * @param maxResponseBytes of an endpoint's answer read before the connection is dropped
   * @param batchSize deliveries claimed at once, at most
   * @param threads deliveries in progress at once, over all endpoints
   * @param platformMaxInFlight deliveries in flight at once for one platform over all its endpoints
   *     (and all replicas), so one platform's slow receivers never take every thread
   * @param resolveTimeout a host name's look-up, at registration and before each attempt
   * @param retrySchedule the waits after each failed attempt; after the last the delivery is given up
   * @param leaseMargin a claimed delivery stays this replica's for its endpoint's timeout and this
   *     margin (the time to record the outcome); after that another replica may claim it again
   * @param retention how long finished deliveries and their events are kept
   */
  public record Delivery(@DefaultValue("false") boolean allowPrivateTargets,
      @DefaultValue("5s") Duration connectTimeout, @DefaultValue("4096") int maxResponseBytes,
      @DefaultValue("100") int batchSize, @DefaultValue("32") int threads,
      @DefaultValue("16") int platformMaxInFlight, @DefaultValue("2s") Duration resolveTimeout,
      @DefaultValue({"10s", "1m", "5m", "15m", "30m", "1h", "2h", "4h", "8h", "8h"}) List<Duration> retrySchedule,
      @DefaultValue("15s") Duration leaseMargin, @DefaultValue("7d") Duration retention) {

    public Delivery {
      if (leaseMargin.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("idnet.webhooks.delivery.lease-margin must be at least 1 s");
      }
    }
  }
}
