package org.idnet.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AddressBucketsTest {

  private final AtomicLong nanos = new AtomicLong();

  @Test
  void anAddressGetsItsBurstThenOneTokenPerRefill() throws Exception {
    AddressBuckets buckets = new AddressBuckets(2, 3, 100, nanos::get);
    InetAddress a = InetAddress.getByName("192.0.2.1");
    for (int i = 0; i < 3; i++) {
      assertThat(buckets.take(a)).isZero();
    }
    assertThat(buckets.take(a)).as("seconds to wait").isEqualTo(1);
    assertThat(buckets.take(InetAddress.getByName("192.0.2.2"))).as("another address").isZero();
    nanos.addAndGet(500_000_000L); // half a second at 2 a second: one token
    assertThat(buckets.take(a)).isZero();
    assertThat(buckets.take(a)).isEqualTo(1);
  }

  @Test
  void retryAfterCountsWholeSecondsForSlowRates() throws Exception {
    AddressBuckets buckets = new AddressBuckets(0.01, 1, 100, nanos::get);
    InetAddress a = InetAddress.getByName("192.0.2.1");
    assertThat(buckets.take(a)).isZero();
    assertThat(buckets.take(a)).isEqualTo(100);
  }

  @Test
  void memoryIsBoundedAndIpv6CountsPerSlash64() throws Exception {
    AddressBuckets buckets = new AddressBuckets(1, 1, 50, nanos::get);
    for (int i = 0; i < 1000; i++) {
      buckets.take(InetAddress.getByName("198.18." + (i / 256) + "." + (i % 256)));
    }
    assertThat(buckets.size()).isEqualTo(50);
    assertThat(buckets.take(InetAddress.getByName("2001:db8:1:2::1"))).isZero();
    assertThat(buckets.take(InetAddress.getByName("2001:db8:1:2:ffff::7"))).as("same /64").isEqualTo(1);
    assertThat(buckets.take(InetAddress.getByName("2001:db8:1:3::1"))).as("another /64").isZero();
  }
}
