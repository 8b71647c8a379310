package org.idnet.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LevelCheckingLogFactoryTest {

  /** A message that counts how often it is rendered, like Spring's lazy LogMessage. */
  private static final class CountingMessage {
    final AtomicInteger rendered = new AtomicInteger();

    @Override
    public String toString() {
      rendered.incrementAndGet();
      return "rendered message";
    }
  }

  @Test
  void commonsLoggingFindsThisFactoryBeforeItsOwnSlf4jBridge() {
    assertThat(LogFactory.getFactory()).isInstanceOf(LevelCheckingLogFactory.class);
    assertThat(LogFactory.getLog(getClass())).isInstanceOf(LevelCheckingLog.class);
  }

  @Test
  void debugWhenDisabledThenMessageNeverRendered() {
    Logger logback = (Logger) LoggerFactory.getLogger("quiet");
    logback.setLevel(Level.INFO);
    Log log = LogFactory.getLog("quiet");
    CountingMessage message = new CountingMessage();

    log.debug(message);
    log.trace(message, new IllegalStateException());

    assertThat(message.rendered).hasValue(0);
  }

  @Test
  void infoWhenEnabledThenLoggedWithItsThrowable() {
    Logger logback = (Logger) LoggerFactory.getLogger("loud");
    logback.setLevel(Level.DEBUG);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logback.addAppender(appender);
    Log log = LogFactory.getLog("loud");
    CountingMessage message = new CountingMessage();

    log.debug(message);
    log.warn("careful", new IllegalStateException("why"));

    assertThat(message.rendered).hasValue(1);
    assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("rendered message", "careful");
    assertThat(appender.list.get(1).getThrowableProxy().getMessage()).isEqualTo("why");
    assertThat(appender.list.get(1).getLevel()).isEqualTo(Level.WARN);
  }
}
