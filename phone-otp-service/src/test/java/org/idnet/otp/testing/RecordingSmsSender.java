package org.idnet.otp.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.idnet.otp.domain.SmsNotSentException;
import org.idnet.otp.domain.SmsSender;
import org.idnet.phone.PhoneNumber;

/**
 * Stands in for the SMS network in flow tests: what it "delivers" is what the user would read.
 * It can be told to fail, like a provider that is down.
 */
public final class RecordingSmsSender implements SmsSender {

  private static final Pattern CODE = Pattern.compile("code is ([0-9]{6})\\.");

  public record Sent(String to, String text) {
  }

  private final List<Sent> sent = new CopyOnWriteArrayList<>();
  private volatile boolean failing;
  private volatile boolean failingLoudly;
  private volatile int attempts;

  @Override
  public void send(PhoneNumber to, String text) {
    attempts++;
    if (failing) {
      throw new SmsNotSentException("provider down (test)");
    }
    if (failingLoudly) {
      // Like a client library that quotes the request in its error.
      throw new IllegalStateException("provider rejected {to=" + to.e164() + ", text=" + text + "}");
    }
    sent.add(new Sent(to.e164(), text));
  }

  public void failing(boolean failing) {
    this.failing = failing;
  }

  /** Fails with an unexpected exception whose message quotes the number and the text, code included. */
  public void failingLoudly(boolean failingLoudly) {
    this.failingLoudly = failingLoudly;
  }

  /** Calls of {@link #send}, delivered or not. */
  public int attempts() {
    return attempts;
  }

  public List<Sent> sent() {
    return List.copyOf(sent);
  }

  /** The code in the newest message to {@code e164}. */
  public String lastCodeTo(String e164) {
    for (int i = sent.size() - 1; i >= 0; i--) {
      if (sent.get(i).to().equals(e164)) {
        return codeIn(sent.get(i).text());
      }
    }
    throw new AssertionError("no SMS to that number");
  }

  public static String codeIn(String text) {
    Matcher m = CODE.matcher(text);
    if (!m.find()) {
      throw new AssertionError("no code in message");
    }
    return m.group(1);
  }

  public void reset() {
    sent.clear();
    failing = false;
    failingLoudly = false;
    attempts = 0;
  }
}
