package org.idnet.faults.check;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.idnet.faults.Flows;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The suite's own log check against a fake network's process log: a phone number a case used, in
 * any form a service could write it, fails the case; its masked form does not.
 */
class NothingLostTest {

  @TempDir
  Path logs;

  @ParameterizedTest
  @ValueSource(strings = {"SMS to {E164} not sent", "phone={NATIONAL}&x=1", "to={DIGITS} (a form-decoded +)",
      "{\"phoneNumber\":\"{NATIONAL}\"}"})
  void logCheckWhenACasesNumberIsInAProcessLogThenFails(String line) throws Exception {
    Flows.Phone phone = Flows.newPhone();
    Files.writeString(logs.resolve("FaultNetwork-phone-otp-service.log"), "12:00:00 INFO started\n"
        + line.replace("{E164}", phone.e164()).replace("{NATIONAL}", phone.national())
            .replace("{DIGITS}", phone.e164().substring(1)) + "\n");

    assertThatThrownBy(() -> NothingLost.noPersonalValueInAnyLog(logs)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("FaultNetwork-phone-otp-service.log line 2");
  }

  @ParameterizedTest
  @ValueSource(strings = {"SMS to {MASKED} sent", "took 1{NATIONAL}3 ns"})
  void logCheckWhenOnlyTheMaskedFormOrALongerNumberThenPasses(String line) throws Exception {
    Flows.Phone phone = Flows.newPhone();
    String masked = phone.e164().substring(0, 5) + "*****" + phone.e164().substring(phone.e164().length() - 2);
    Files.writeString(logs.resolve("FaultNetwork-gateway.log"),
        line.replace("{MASKED}", masked).replace("{NATIONAL}", phone.national()) + "\n");

    assertThatCode(() -> NothingLost.noPersonalValueInAnyLog(logs)).doesNotThrowAnyException();
  }
}
