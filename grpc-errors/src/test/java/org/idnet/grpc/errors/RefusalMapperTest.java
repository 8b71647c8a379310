package org.idnet.grpc.errors;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.rpc.Code;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RefusalMapperTest {

  /** A service's domain exception: a reason, and a cause when a dependency failed. */
  static final class Refused extends RuntimeException {
    final String reason;

    Refused(String reason, Throwable cause) {
      super("refused: +84912345678", cause);
      this.reason = reason;
    }
  }

  private final RefusalMapper mapper = RefusalMapper.of(Refused.class,
      e -> RefusalStatus.of(e.reason.equals("store-unavailable") ? Code.UNAVAILABLE : Code.NOT_FOUND, e.reason,
          "safe message").toException(),
      e -> e.reason.equals("store-unavailable"), e -> e.reason);

  private final Logger logger = (Logger) LoggerFactory.getLogger(RefusalMapper.class);
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void capture() {
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void release() {
    logger.detachAppender(logs);
  }

  @Test
  void mapWhenNotTheServicesRefusalThenNull() {
    assertThat(mapper.map("svc/M", new IllegalStateException("boom"))).isNull();
    assertThat(logs.list).isEmpty();
  }

  @Test
  void mapWhenRefusalThenItsStatusAndNoLogLine() {
    assertThat(mapper.map("svc/M", new Refused("not-found", null)).getStatus().getCode())
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(logs.list).isEmpty();
  }

  @Test
  void mapWhenOutageThenOneWarningWithMethodReasonAndCauseTypeButNoMessage() {
    Refused outage = new Refused("store-unavailable", new java.sql.SQLTransientConnectionException("user=alice"));

    assertThat(mapper.map("svc/M", outage).getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);

    assertThat(logs.list).singleElement().satisfies(event -> {
      assertThat(event.getLevel()).isEqualTo(Level.WARN);
      assertThat(event.getFormattedMessage()).startsWith("svc/M: store-unavailable: java.sql.SQLTransientConnectionException")
          .doesNotContain("alice").doesNotContain("84912345678");
    });
  }
}
