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
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.idnet.otp.testing.Errors;
import org.idnet.otp.testing.OtpHarness;
import org.idnet.otp.v1.PhoneVerification;
import org.idnet.otp.v1.PhoneVerificationServiceGrpc.PhoneVerificationServiceBlockingStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Every log line of a full flow, failures included, is free of codes and full numbers; so are
 * the logs and answers of failures whose exception messages quote them (security.md, "Logs and
 * errors"): exceptions are logged by type and frame, never by message.
 */
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
  void failuresWhoseMessagesQuoteTheNumberAndCodeThenNoLogLineOrAnswerHoldsThem() {
    otp.reset();
    ListAppender<ILoggingEvent> logs = capture();
    List<String> secrets = new ArrayList<>(List.of("912345678", "381234567"));
    List<StatusRuntimeException> answers = new ArrayList<>();
    try {
      PhoneVerificationServiceBlockingStub stub = otp.platform("platform-a");
      // The SMS provider's client fails with the message it was asked to send, code and all.
      otp.sms.failingLoudly(true);
      answers.add(failure(() -> create(stub, "acc-1", "0912345678")));
      otp.sms.failingLoudly(false);
      // The binding fails with an exception that names the number and the code.
      PhoneVerification v = create(stub, "acc-1", "0912345678");
      String code = otp.sms.lastCodeTo("+84912345678");
      secrets.add(code);
      otp.binderFailure = new IllegalArgumentException("cannot bind +84912345678 (code " + code + ")");
      answers.add(failure(() -> check(stub, v.getId(), code)));
      // A bug deep inside: a stored field that does not parse, and whose parser quotes it.
      PhoneVerification broken = create(stub, "acc-3", "0381234567");
      otp.redis.call(r -> r.hset("otp:v:" + broken.getId(), "exp", "+84381234567 at 09:00"));
      answers.add(failure(() -> get(stub, broken.getId())));
    } finally {
      release(logs);
    }

    assertThat(answers).extracting(e -> e.getStatus().getCode())
        .containsExactly(Status.Code.UNAVAILABLE, Status.Code.UNAVAILABLE, Status.Code.INTERNAL);
    assertThat(answers).extracting(Errors::reason)
        .containsExactly("sms-unavailable", "identity-unavailable", "internal");
    assertThat(answers.get(2).getStatus().getDescription()).isEqualTo("internal error");
    List<String> lines = lines(logs);
    assertThat(lines).anySatisfy(line -> assertThat(line).contains("IllegalStateException"))
        .anySatisfy(line -> assertThat(line).contains("IllegalArgumentException"))
        .anySatisfy(line -> assertThat(line).contains("NumberFormatException"));
    for (String secret : secrets) {
      assertThat(lines).noneMatch(line -> line.contains(secret));
      assertThat(answers).noneMatch(e -> String.valueOf(e.getStatus().getDescription()).contains(secret));
    }
  }

  @Test
  void flowWhenRunWithFailuresThenNoLogLineHoldsACodeOrAFullNumber() {
    otp.reset();
    ListAppender<ILoggingEvent> logs = capture();
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
      release(logs);
    }

    List<String> lines = lines(logs);
    assertThat(lines).anySatisfy(line -> assertThat(line).contains("+8491*****78"));
    assertThat(lines).anySatisfy(line -> assertThat(line).contains("unexpected failure"));
    for (String line : lines) {
      assertThat(line).doesNotContain("912345678").doesNotContain("987654321").doesNotContain("381234567");
      for (String code : codes) {
        assertThat(line).doesNotContain(code);
      }
    }
  }

  private static ListAppender<ILoggingEvent> capture() {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    return logs;
  }

  private static void release(ListAppender<ILoggingEvent> logs) {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
  }

  /** Every message with every exception attached to it: class, message and frames. */
  private static List<String> lines(ListAppender<ILoggingEvent> logs) {
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
    return lines;
  }
}
