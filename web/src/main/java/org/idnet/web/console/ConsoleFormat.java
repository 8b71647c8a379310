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

  public boolean past(Instant at) {
    return at != null && !clock.instant().isBefore(at);
  }
}
