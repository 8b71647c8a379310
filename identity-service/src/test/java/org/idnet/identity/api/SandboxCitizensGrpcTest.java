package org.idnet.identity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.idnet.identity.api.GrpcHarness.badRequest;
import static org.idnet.identity.api.GrpcHarness.errorInfo;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.idnet.caller.CallerServerInterceptor;
import org.idnet.grpc.errors.ErrorMappingInterceptor;
import org.idnet.identity.domain.CitizenId;
import org.idnet.identity.domain.PersonName;
import org.idnet.identity.store.SyntheticPopulation;
import org.idnet.sandbox.v1.Citizen;
import org.idnet.sandbox.v1.ListCitizensRequest;
import org.idnet.sandbox.v1.SandboxCitizensServiceGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ListCitizens behind the production interceptor chain, called without a caller as the gateway does. */
class SandboxCitizensGrpcTest {

  static final LocalDate TODAY = LocalDate.of(2026, 3, 4);
  static final SyntheticPopulation POPULATION = new SyntheticPopulation();
  static Server server;
  static ManagedChannel channel;

  @BeforeAll
  static void start() throws Exception {
    String name = InProcessServerBuilder.generateName();
    var service = new SandboxCitizensGrpcService(POPULATION,
        Clock.fixed(TODAY.atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC));
    server = InProcessServerBuilder.forName(name)
        .addService(ServerInterceptors.intercept(service, new ErrorMappingInterceptor(GrpcErrors::refusal),
            new CallerServerInterceptor(GrpcHarness.PEERS)))
        .build().start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  @AfterAll
  static void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  static List<Citizen> list(int count, boolean minor) {
    return SandboxCitizensServiceGrpc.newBlockingStub(channel).withInterceptors(GrpcHarness.gatewayWithoutCaller())
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .listCitizens(ListCitizensRequest.newBuilder().setCount(count).setMinor(minor).build()).getCitizensList();
  }

  @Test
  void listWhenCountZeroThenTenAdultsWithoutAnyCaller() {
    List<Citizen> citizens = list(0, false);

    assertThat(citizens).hasSize(10);
    assertThat(citizens).allSatisfy(c -> assertThat(Period.between(LocalDate.parse(c.getDateOfBirth()), TODAY)
        .getYears()).isGreaterThanOrEqualTo(18));
  }

  @Test
  void listedCitizensAreConfirmedByTheSandboxRegister() {
    List<Citizen> citizens = list(100, false);

    assertThat(citizens).hasSize(100);
    assertThat(citizens).allSatisfy(c -> {
      assertThat(c.getNationalId()).matches("[0-9]{12}");
      assertThat(POPULATION.confirms(CitizenId.parse(c.getNationalId()), PersonName.normalize(c.getFullName()),
          LocalDate.parse(c.getDateOfBirth()))).isTrue();
    });
    assertThat(list(3, false)).isEqualTo(citizens.subList(0, 3));
  }

  @Test
  void listWhenMinorThenUnderSixteen() {
    List<Citizen> minors = list(5, true);

    assertThat(minors).hasSize(5).allSatisfy(c -> assertThat(
        Period.between(LocalDate.parse(c.getDateOfBirth()), TODAY).getYears()).isBetween(10, 15));
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 101, Integer.MAX_VALUE, Integer.MIN_VALUE})
  void listWhenCountOutOfRangeThenInvalidArgumentNamingCount(int count) throws Exception {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> list(count, false));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(errorInfo(e).getReason()).isEqualTo("invalid-count");
    assertThat(badRequest(e)).hasValueSatisfying(
        bad -> assertThat(bad.getFieldViolations(0).getField()).isEqualTo("count"));
  }
}
