package org.idnet.identity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_A;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_B;
import static org.idnet.identity.api.GrpcHarness.errorInfo;
import static org.idnet.identity.api.GrpcHarness.unique;

import com.zaxxer.hikari.HikariDataSource;
import io.grpc.StatusRuntimeException;
import io.lettuce.core.ScanArgs;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.idnet.identity.TestCitizens;
import org.idnet.identity.TestDatabase;
import org.idnet.identity.domain.RealNameForm;
import org.idnet.identity.register.SyntheticPopulation.Citizen;
import org.idnet.identity.v1.NumberEventType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * security.md, "Logs and errors" and "a dump of Redis": whatever happens to a registration - it
 * succeeds, is refused, or fails on a bug - no log line, error description or cache entry holds a
 * name, a citizen id, a birth date or a full phone number.
 */
@ExtendWith(OutputCaptureExtension.class)
class PersonalDataLeakTest {

  static HikariDataSource dataSource;
  static GrpcHarness grpc;

  @BeforeAll
  static void start() throws Exception {
    dataSource = TestDatabase.migrated("identity_leaks");
    grpc = GrpcHarness.over(dataSource, GrpcHarness.newKeys()).start();
  }

  @AfterAll
  static void stop() {
    grpc.close();
    dataSource.close();
  }

  static List<String> secrets(Citizen... citizens) {
    List<String> all = new ArrayList<>();
    for (Citizen c : citizens) {
      all.add(c.fullName().value());
      all.add(c.fullName().value().toLowerCase(Locale.ROOT));
      all.add(c.nationalId().value());
      all.add(c.nationalId().value().substring(3));
      all.addAll(TestCitizens.dateForms(c.dateOfBirth()));
    }
    return all;
  }

  @Test
  void noLogLineOrErrorDescriptionShowsTheIdentity(CapturedOutput output) throws Exception {
    Citizen adult = TestCitizens.bornIn(1986);
    Citizen minor = TestCitizens.bornIn(2014);
    Citizen stranger = TestCitizens.bornIn(1987);
    String parent = unique("parent");
    List<String> descriptions = new ArrayList<>();
    grpc.registerRealName(PLATFORM_A, TestCitizens.form(parent, adult));
    grpc.registerRealName(PLATFORM_A, TestCitizens.form(parent, adult));
    grpc.registerRealName(PLATFORM_A, TestCitizens.form(unique("kid"), minor, parent));
    for (RealNameForm refused : List.of(
        TestCitizens.form(unique("kid"), minor),
        TestCitizens.form(parent, stranger),
        new RealNameForm(unique("x"), stranger.fullName().value(), stranger.nationalId().value(),
            stranger.dateOfBirth().plusYears(1).toString(), null),
        new RealNameForm(unique("x"), "Someone Else", stranger.nationalId().value(),
            stranger.dateOfBirth().toString(), null))) {
      descriptions.add(catchThrowableOfType(StatusRuntimeException.class,
          () -> grpc.registerRealName(PLATFORM_A, refused)).getStatus().getDescription());
    }
    try (GrpcHarness buggy = GrpcHarness.over(dataSource, GrpcHarness.newKeys()).register((id, name, date) -> {
      throw new IllegalStateException("bug while asking for " + id.value() + " " + name.value() + " " + date);
    }).start()) {
      StatusRuntimeException bug = catchThrowableOfType(StatusRuntimeException.class,
          () -> buggy.registerRealName(PLATFORM_B, TestCitizens.form(unique("y"), stranger)));
      assertThat(errorInfo(bug).getReason()).isEqualTo("internal");
      descriptions.add(bug.getStatus().getDescription());
    }

    assertThat(output.getAll()).contains("real name registered").contains("IllegalStateException");
    for (String secret : secrets(adult, minor, stranger)) {
      assertThat(output.getAll()).as("logs").doesNotContainIgnoringCase(secret);
      assertThat(descriptions).as("error descriptions").noneMatch(d -> d.toLowerCase(Locale.ROOT)
          .contains(secret.toLowerCase(Locale.ROOT)));
    }
  }

  @Test
  void aDumpOfRedisHoldsNoIdentityAndNoPhoneNumber() throws Exception {
    Citizen adult = TestCitizens.bornIn(1972);
    Citizen minor = TestCitizens.bornIn(2015);
    String parent = unique("parent");
    String kid = unique("kid");
    String phone = "+84912000501";
    grpc.bind("platform-a", parent, phone, unique("v"));
    grpc.registerRealName(PLATFORM_A, TestCitizens.form(parent, adult));
    grpc.registerRealName(PLATFORM_A, TestCitizens.form(kid, minor, parent));
    grpc.numberEvent(phone, NumberEventType.DISCONNECTED, GrpcHarness.NOW.plusSeconds(1));
    grpc.cachedEntry("platform-a", parent);
    grpc.cachedEntry("platform-a", kid);

    String dump = grpc.redis(c -> {
      StringBuilder all = new StringBuilder();
      for (String key : c.scan(ScanArgs.Builder.matches(grpc.keyPrefix + "*").limit(1000)).getKeys()) {
        all.append(key).append(" = ").append(c.get(key)).append('\n');
      }
      return all.toString();
    });

    assertThat(dump).contains(parent).contains(kid).contains(" = 1VRM|");
    List<String> secrets = new ArrayList<>(secrets(adult, minor));
    secrets.addAll(List.of(phone, phone.substring(1), phone.substring(3), "0" + phone.substring(3)));
    for (String secret : secrets) {
      assertThat(dump).as("dump of Redis").doesNotContainIgnoringCase(secret);
    }
  }
}
