package org.idnet.otp.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.otp.testing.Calls.check;
import static org.idnet.otp.testing.Calls.create;
import static org.idnet.otp.testing.Calls.get;
import static org.idnet.otp.testing.Calls.resend;
import static org.idnet.otp.testing.Calls.wrong;
import static org.idnet.otp.testing.Errors.failure;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.idnet.otp.testing.OtpHarness;
import org.idnet.otp.v1.PhoneVerification;
import org.idnet.otp.v1.PhoneVerificationServiceGrpc.PhoneVerificationServiceBlockingStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Every log line of a full flow, failures included, is free of codes and full numbers. */
class LogHygieneTest {

  static OtpHarness otp;

  @BeforeAll
  static void start() {
    otp = OtpHarness.onSharedRedis(6, p -> { });
  }

  @AfterAll
  static void stop() {
    otp.close();
  }

  @Test
  void flowWhenRunWithFailuresThenNoLogLineHoldsACodeOrAFullNumber() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    List<String> codes = new ArrayList<>();
    try {
      PhoneVerificationServiceBlockingStub stub = otp.platform("platform-a");
      PhoneVerification v = create(stub, "acc-1", "0912345678");
      codes.add(otp.sms.lastCodeTo("+84912345678"));
      check(stub, v.getId(), wrong(codes.get(0)));
      otp.clock.advance(Duration.ofSeconds(60));
      otp.sms.failing(true);
      failure(() -> resend(stub, v.getId()));
      failure(() -> create(stub, "acc-2", "0987654321"));
      otp.sms.failing(false);
      resend(stub, v.getId());
      codes.add(otp.sms.lastCodeTo("+84912345678"));
      otp.identity.failing(true);
      failure(() -> check(stub, v.getId(), codes.get(1)));
      otp.identity.failing(false);
      check(stub, v.getId(), codes.get(1));
      // A corrupted record: the unexpected-failure path logs a stack trace.
      PhoneVerification broken = create(stub, "acc-3", "0381234567");
      codes.add(otp.sms.lastCodeTo("+84381234567"));
      otp.redis.call(r -> r.hset("otp:v:" + broken.getId(), "ph", "AAAA"));
      assertThat(failure(() -> get(stub, broken.getId())).getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    } finally {
      root.detachAppender(logs);
    }

    List<String> lines = new ArrayList<>();
    for (ILoggingEvent event : logs.list) {
      lines.add(event.getFormattedMessage());
      for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
        lines.add(t.getClassName() + ": " + t.getMessage());
        for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
          lines.add(frame.getSTEAsString());
        }
      }
    }
    assertThat(lines).anySatisfy(line -> assertThat(line).contains("+8491*****78"));
    assertThat(lines).anySatisfy(line -> assertThat(line).contains("unexpected failure"));
    for (String line : lines) {
      assertThat(line).doesNotContain("912345678").doesNotContain("987654321").doesNotContain("381234567");
      for (String code : codes) {
        assertThat(line).doesNotContain(code);
      }
    }
  }
}
