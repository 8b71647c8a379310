package org.idnet.grpc.errors;

/**
 * A log line for an exception without its messages: type and throwing frame of each cause. Driver
 * and library messages can quote parameter values, and those may be personal data.
 */
public final class Throwables {

  private static final int MAX_CAUSES = 5;

  private Throwables() {
  }

  public static String summary(Throwable throwable) {
    StringBuilder out = new StringBuilder();
    Throwable current = throwable;
    for (int i = 0; current != null && i < MAX_CAUSES; i++, current = current.getCause()) {
      if (i > 0) {
        out.append(" <- caused by ");
      }
      out.append(current.getClass().getName());
      StackTraceElement[] frames = current.getStackTrace();
      if (frames.length > 0) {
        out.append(" at ").append(frames[0]);
      }
    }
    return out.length() == 0 ? "(no exception)" : out.toString();
  }
}
