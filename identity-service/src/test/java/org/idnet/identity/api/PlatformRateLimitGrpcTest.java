package org.idnet.identity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_A;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_B;
import static org.idnet.identity.api.GrpcHarness.errorInfo;
import static org.idnet.identity.api.GrpcHarness.unique;

import com.google.rpc.RetryInfo;
import com.zaxxer.hikari.HikariDataSource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import org.idnet.identity.TestCitizens;
import org.idnet.identity.TestDatabase;
import org.idnet.identity.store.Resilience4jRateLimit;
import org.idnet.identity.store.SyntheticPopulation.Citizen;
import org.idnet.identity.v1.VerificationLevel;
import org.idnet.stores.LocalRedis;
import org.idnet.stores.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-platform allowance of real-name registrations is kept by identity-service itself: with
 * Redis stopped (so the gateway's limits fail open) a platform still gets no more than its share
 * of register calls, and other platforms keep theirs.
 */
class PlatformRateLimitGrpcTest {

  static HikariDataSource dataSource;
  static LocalRedis redis;
  static CountingRegister register;
  static GrpcHarness grpc;

  @BeforeAll
  static void start() throws Exception {
    dataSource = TestDatabase.migrated("identity_platform_limit");
    redis = TestStores.dedicatedRedis();
    register = new CountingRegister();
    grpc = GrpcHarness.over(dataSource, GrpcHarness.newKeys()).redis(redis.uri()).register(register)
        .perPlatform(new Resilience4jRateLimit(3, Duration.ofHours(1))).start();
  }

  @AfterAll
  static void stop() {
    grpc.close();
    redis.close();
    dataSource.close();
  }

  @Test
  void withRedisStoppedAPlatformGetsItsAllowanceAndNoMoreAndOthersKeepTheirs() throws Exception {
    redis.stop();
    for (int i = 0; i < 3; i++) {
      assertThat(grpc.registerRealName(PLATFORM_A, TestCitizens.form(unique("a"), TestCitizens.bornIn(1980)))
          .getLevel()).isEqualTo(VerificationLevel.REAL_NAME);
    }
    Citizen fourth = TestCitizens.bornIn(1981);

    StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
        () -> grpc.registerRealName(PLATFORM_A, TestCitizens.form(unique("a"), fourth)));

    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(errorInfo(refused).getReason()).isEqualTo("rate-limited");
    assertThat(StatusProto.fromThrowable(refused).getDetailsList()).filteredOn(d -> d.is(RetryInfo.class))
        .singleElement().satisfies(d -> assertThat(d.unpack(RetryInfo.class).getRetryDelay().getSeconds())
            .isBetween(1L, 3600L));
    assertThat(register.calls(fourth.nationalId())).isZero();
    assertThat(grpc.registerRealName(PLATFORM_B, TestCitizens.form(unique("b"), fourth)).getLevel())
        .isEqualTo(VerificationLevel.REAL_NAME);
    assertThat(register.calls(fourth.nationalId())).isEqualTo(1);
  }
}
