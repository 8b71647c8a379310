package org.idnet.gateway.limits;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per source address, in this process and in bounded memory: at most
 * {@code maxAddresses} buckets, the least recently used one forgotten first (a forgotten address
 * starts again with a full bucket, so the bound is set well above the addresses a gateway sees in
 * a burst). IPv6 addresses count per /64, the block one subscriber usually holds, so an attacker
 * cannot get a fresh bucket per address of its block.
 */
public final class AddressBuckets {

  private final double perSecond;
  private final double burst;
  private final LongSupplier nanoTime;
  private final Map<String, Bucket> buckets;

  public AddressBuckets(double perSecond, int burst, int maxAddresses, LongSupplier nanoTime) {
    if (!(perSecond > 0) || burst < 1 || maxAddresses < 1) {
      throw new IllegalArgumentException("idnet.gateway.unverified-token-limit: replenish-rate must be above 0,"
          + " burst-capacity and max-addresses at least 1");
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.nanoTime = nanoTime;
    this.buckets = new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
        return size() > maxAddresses;
      }
    };
  }

  /** Takes one token for the address: 0 when allowed, else the whole seconds until one is back. */
  public synchronized long take(InetAddress address) {
    long now = nanoTime.getAsLong();
    Bucket bucket = buckets.computeIfAbsent(keyOf(address), k -> new Bucket(burst, now));
    bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) / 1e9 * perSecond);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / perSecond));
  }

  synchronized int size() {
    return buckets.size();
  }

  static String keyOf(InetAddress address) {
    if (address instanceof Inet6Address v6) {
      byte[] bytes = v6.getAddress();
      StringBuilder prefix = new StringBuilder("v6:");
      for (int i = 0; i < 8; i++) {
        prefix.append(String.format("%02x", bytes[i]));
      }
      return prefix.toString();
    }
    return address.getHostAddress();
  }

  private static final class Bucket {
    double tokens;
    long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }
  }
}
