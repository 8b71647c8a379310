package org.idnet.logging;

import org.apache.commons.logging.Log;
import org.slf4j.Logger;

/**
 * A commons-logging {@link Log} over an SLF4J logger that checks the level before it turns the
 * message into a String. Spring passes lazy {@code LogMessage}s whose {@code toString} formats the
 * text: rendering them for a disabled level is pure waste on a hot path.
 */
final class LevelCheckingLog implements Log {

  private final Logger logger;

  LevelCheckingLog(Logger logger) {
    this.logger = logger;
  }

  @Override
  public boolean isTraceEnabled() {
    return logger.isTraceEnabled();
  }

  @Override
  public boolean isDebugEnabled() {
    return logger.isDebugEnabled();
  }

  @Override
  public boolean isInfoEnabled() {
    return logger.isInfoEnabled();
  }

  @Override
  public boolean isWarnEnabled() {
    return logger.isWarnEnabled();
  }

  @Override
  public boolean isErrorEnabled() {
    return logger.isErrorEnabled();
  }

  @Override
  public boolean isFatalEnabled() {
    return logger.isErrorEnabled();
  }

  @Override
  public void trace(Object message) {
    trace(message, null);
  }

  @Override
  public void trace(Object message, Throwable t) {
    if (logger.isTraceEnabled()) {
      logger.trace(String.valueOf(message), t);
    }
  }

  @Override
  public void debug(Object message) {
    debug(message, null);
  }

  @Override
  public void debug(Object message, Throwable t) {
    if (logger.isDebugEnabled()) {
      logger.debug(String.valueOf(message), t);
    }
  }

  @Override
  public void info(Object message) {
    info(message, null);
  }

  @Override
  public void info(Object message, Throwable t) {
    if (logger.isInfoEnabled()) {
      logger.info(String.valueOf(message), t);
    }
  }

  @Override
  public void warn(Object message) {
    warn(message, null);
  }

  @Override
  public void warn(Object message, Throwable t) {
    if (logger.isWarnEnabled()) {
      logger.warn(String.valueOf(message), t);
    }
  }

  @Override
  public void error(Object message) {
    error(message, null);
  }

  @Override
  public void error(Object message, Throwable t) {
    if (logger.isErrorEnabled()) {
      logger.error(String.valueOf(message), t);
    }
  }

  @Override
  public void fatal(Object message) {
    error(message, null);
  }

  @Override
  public void fatal(Object message, Throwable t) {
    error(message, t);
  }
}
