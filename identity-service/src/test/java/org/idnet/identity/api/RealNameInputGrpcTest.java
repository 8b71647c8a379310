package org.idnet.identity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_A;
import static org.idnet.identity.api.GrpcHarness.badRequest;
import static org.idnet.identity.api.GrpcHarness.errorInfo;

import com.zaxxer.hikari.HikariDataSource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.atomic.AtomicInteger;
import org.idnet.identity.TestCitizens;
import org.idnet.identity.TestDatabase;
import org.idnet.identity.domain.RealNameForm;
import org.idnet.identity.store.SyntheticPopulation.Citizen;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Malformed real-name input: refused with the field named, before the register or the store is asked. */
class RealNameInputGrpcTest {

  static final AtomicInteger REGISTER_CALLS = new AtomicInteger();
  static HikariDataSource dataSource;
  static GrpcHarness grpc;

  @BeforeAll
  static void start() throws Exception {
    dataSource = TestDatabase.migrated("identity_real_name_input");
    grpc = GrpcHarness.over(dataSource, GrpcHarness.newKeys()).register((id, name, date) -> {
      REGISTER_CALLS.incrementAndGet();
      return TestCitizens.POPULATION.confirms(id, name, date);
    }).start();
  }

  @AfterAll
  static void stop() {
    grpc.close();
    dataSource.close();
  }

  @Test
  void registerWhenInputMalformedThenInvalidArgumentNamingTheFieldAndNothingLookedUp() throws Exception {
    record Case(RealNameForm form, String reason, String field) {
    }
    Citizen c = TestCitizens.bornIn(1990);
    String name = c.fullName().value();
    String id = c.nationalId().value();
    String born = c.dateOfBirth().toString();
    // The same digits with the century digit of the 21st century: a structurally inconsistent id.
    String otherCentury = id.substring(0, 3) + (char) (id.charAt(3) + 2) + id.substring(4);
    Case[] cases = {
        new Case(new RealNameForm("a b", name, id, born, null), "invalid-account-id", "accountId"),
        new Case(new RealNameForm("acc", "", id, born, null), "invalid-identity", "fullName"),
        new Case(new RealNameForm("acc", "R2-D2", id, born, null), "invalid-identity", "fullName"),
        new Case(new RealNameForm("acc", name, "12345", born, null), "invalid-identity", "nationalId"),
        new Case(new RealNameForm("acc", name, "999" + id.substring(3), born, null), "invalid-identity", "nationalId"),
        new Case(new RealNameForm("acc", name, id.substring(0, 11) + "x", born, null), "invalid-identity",
            "nationalId"),
        new Case(new RealNameForm("acc", name, otherCentury, born, null), "invalid-identity", "nationalId"),
        new Case(new RealNameForm("acc", name, id, "30/09/1990", null), "invalid-identity", "dateOfBirth"),
        new Case(new RealNameForm("acc", name, id, "1990-02-30", null), "invalid-identity", "dateOfBirth"),
        new Case(new RealNameForm("acc", name, id, "", null), "invalid-identity", "dateOfBirth"),
        new Case(new RealNameForm("acc", name, "001099123456", "1899-12-31", null), "invalid-identity",
            "dateOfBirth"),
        new Case(new RealNameForm("acc", name, "001226123456", "2026-12-31", null), "invalid-identity",
            "dateOfBirth"),
        new Case(new RealNameForm("acc", name, id, born, "not valid"), "invalid-account-id", "guardianAccountId")};

    for (Case k : cases) {
      StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
          () -> grpc.registerRealName(PLATFORM_A, k.form()));

      assertThat(e.getStatus().getCode()).as(k.toString()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(errorInfo(e).getReason()).as(k.toString()).isEqualTo(k.reason());
      assertThat(badRequest(e).orElseThrow().getFieldViolations(0).getField()).as(k.toString()).isEqualTo(k.field());
      assertThat(e.getStatus().getDescription()).doesNotContain(id.substring(4)).doesNotContain(name);
    }
    assertThat(REGISTER_CALLS).hasValue(0);
    assertThat(JdbcClient.create(dataSource).sql("SELECT count(*)::int FROM accounts").query(Integer.class).single())
        .isZero();
  }
}
