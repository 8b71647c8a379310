package org.idnet.logging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.slf4j.LoggerFactory;

/**
 * The commons-logging factory of every idnet process, found by commons-logging through
 * {@code META-INF/services/org.apache.commons.logging.LogFactory} before its built-in SLF4J
 * bridge. Delete this module once Spring Framework ships the fix for spring-framework#37266
 * (after 7.0.8) and the parent pom moves to it.
 */
public final class LevelCheckingLogFactory extends LogFactory {

  private final Map<String, Log> logs = new ConcurrentHashMap<>();
  private final Map<String, Object> attributes = new ConcurrentHashMap<>();

  @Override
  public Log getInstance(Class<?> clazz) {
    return getInstance(clazz.getName());
  }

  @Override
  public Log getInstance(String name) {
    return logs.computeIfAbsent(name, n -> new LevelCheckingLog(LoggerFactory.getLogger(n)));
  }

  @Override
  public Object getAttribute(String name) {
    return attributes.get(name);
  }

  @Override
  public String[] getAttributeNames() {
    return attributes.keySet().toArray(String[]::new);
  }

  @Override
  public void release() {
    logs.clear();
  }

  @Override
  public void removeAttribute(String name) {
    attributes.remove(name);
  }

  @Override
  public void setAttribute(String name, Object value) {
    if (value == null) {
      attributes.remove(name);
    } else {
      attributes.put(name, value);
    }
  }
}
