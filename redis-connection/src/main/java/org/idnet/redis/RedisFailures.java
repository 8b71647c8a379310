package org.idnet.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import java.net.ConnectException;
import java.net.SocketException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Why a connection to Redis failed, in words an operator can act on ("the certificate is not
 * signed by the CA in idnet.redis.trust-file", "Redis refused the password"), for log lines. Lettuce
 * buries the cause several exceptions deep, and Redis's own messages may quote keys, so only known
 * causes are named, a Redis error by its first word, anything else by its exception type.
 */
public final class RedisFailures {

  private static final Pattern NO_MASTER = Pattern.compile("using sentinel for masterId ([A-Za-z0-9._-]{1,64})");
  private static final Set<String> AUTH_ERRORS = Set.of("WRONGPASS", "NOAUTH", "NOPERM");

  private RedisFailures() {
  }

  public static String describe(Throwable failure) {
    List<Throwable> chain = chain(failure);
    for (Throwable e : chain) {
      if (e instanceof CertificateException && String.valueOf(e.getMessage()).contains("No subject alternative")) {
        return "TLS: Redis's certificate does not name the address it was reached at (verifyPeer=FULL; add the"
            + " name or IP to the certificate, or use ?verifyPeer=CA)";
      }
    }
    for (Throwable e : chain) {
      if (e instanceof CertPathBuilderException || e instanceof CertPathValidatorException
          || e.getClass().getName().equals("sun.security.validator.ValidatorException")) {
        return "TLS: Redis's certificate is not signed by a CA in " + RedisEndpoint.TRUST_FILE_PROPERTY
            + " (or, where that is unset, in the JVM's trust store)";
      }
    }
    for (Throwable e : chain) {
      if (e instanceof RedisCommandExecutionException) {
        String word = firstWord(e.getMessage());
        if (AUTH_ERRORS.contains(word) || String.valueOf(e.getMessage()).startsWith("ERR AUTH")) {
          return "Redis refused the password (" + word + ")";
        }
        return "Redis answered " + word;
      }
      if (e instanceof SSLHandshakeException || e instanceof SSLException) {
        return "TLS handshake failed (" + e.getClass().getSimpleName() + ")";
      }
      Matcher master = NO_MASTER.matcher(String.valueOf(e.getMessage()));
      if (master.find()) {
        return "no Sentinel named a master called '" + master.group(1) + "'";
      }
      if (e instanceof ConnectException) {
        return "connection refused";
      }
      if (e instanceof SocketException && String.valueOf(e.getMessage()).contains("reset")) {
        return "connection reset by the server (plain redis:// to a TLS port?)";
      }
      if (e instanceof RedisCommandTimeoutException || e instanceof TimeoutException) {
        return "timed out";
      }
    }
    return failure.getClass().getSimpleName();
  }

  /** The exception, its causes and what they suppressed (Lettuce adds one suppressed failure per Sentinel). */
  private static List<Throwable> chain(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    Deque<Throwable> next = new ArrayDeque<>();
    next.add(failure);
    while (!next.isEmpty() && chain.size() < 50) {
      Throwable e = next.poll();
      if (chain.contains(e)) {
        continue;
      }
      chain.add(e);
      if (e.getCause() != null) {
        next.add(e.getCause());
      }
      next.addAll(List.of(e.getSuppressed()));
    }
    return chain;
  }

  private static String firstWord(String message) {
    if (message == null || message.isBlank()) {
      return "an error";
    }
    String word = message.strip().split("\\s", 2)[0];
    return word.matches("[A-Z]{2,20}") ? word : "an error";
  }
}
