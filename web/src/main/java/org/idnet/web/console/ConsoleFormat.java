package org.idnet.web.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.context.MessageSource;

/** Times in Asia/Ho_Chi_Minh and deadlines in words ("due in 2 h 10 min"), per language. */
public final class ConsoleFormat {

  static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final MessageSource messages;
  private final Locale locale;
  private final Clock clock;

  ConsoleFormat(MessageSource messages, Locale locale, Clock clock) {
    this.messages = messages;
    this.locale = locale;
    this.clock = clock;
  }

  public String time(Instant at) {
    return at == null ? "" : TIME.format(at.atZone(ZONE));
  }

  /** "due in 2 h 10 min", or "overdue by 5 min". */
  public String due(Instant at) {
    if (at == null) {
      return "";
    }
    Duration left = Duration.between(clock.instant(), at);
    boolean overdue = left.isNegative();
    Duration span = left.abs();
    String key = overdue ? "console.overdue" : "console.due";
    return messages.getMessage(key, new Object[] {span.toHours(), span.toMinutesPart()}, locale);
  }

  /** Identity fields (FULL_NAME…) in words, comma separated. */
  public String fields(java.util.List<String> fields) {
    return String.join(", ", fields.stream().map(f -> messages.getMessage("console.field." + f, null, f, locale)).toList());
  }

  /** A disclosed package's field (the API's name, e.g. fullName) in words; unknown names as they are. */
  public String packageField(String name) {
    return messages.getMessage("console.package.field." + name, null, name, locale);
  }

  /**
   * The audit log verification's problem in words: the API answers the verifier's English text
   * ("hash mismatch", "shorter than checkpoint (size 12)"…); a text not known here is
   * "console.verification.problem.other", never shown as it came.
   */
  public String verificationProblem(String problem) {
    String kind = problem == null ? "other"
        : problem.equals("missing entry") ? "missing-entry"
        : problem.equals("duplicate or out-of-order entry") ? "out-of-order"
        : problem.equals("previous hash mismatch") ? "previous-hash-mismatch"
        : problem.equals("hash mismatch") ? "hash-mismatch"
        : problem.startsWith("shorter than checkpoint") ? "shorter-than-checkpoint"
        : problem.startsWith("does not match checkpoint") ? "checkpoint-mismatch"
        : problem.startsWith("checkpoint signature invalid") ? "checkpoint-signature"
        : "other";
    return messages.getMessage("console.verification.problem." + kind, null, locale);
  }

  public boolean past(Instant at) {
    return at != null && !clock.instant().isBefore(at);
  }
}
