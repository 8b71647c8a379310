package org.idnet.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.CertificateException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed re-read keeps the credentials in use and says so in the log with the exception's type
 * only: an exception's message may quote what it failed on (issue 11: no message text of a caught
 * exception reaches a log). System.Logger goes to java.util.logging here, where the test listens.
 */
class FileWatchTest {

  private static final String SECRET = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC-key-material";

  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Logger jul = Logger.getLogger(FileWatch.class.getName());
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };

  @TempDir
  Path dir;

  @BeforeEach
  void listen() {
    jul.addHandler(handler);
  }

  @AfterEach
  void stopListening() {
    jul.removeHandler(handler);
  }

  @Test
  void aFailedReReadLogsTheExceptionTypeButNotItsMessage() throws Exception {
    Path file = Files.writeString(dir.resolve("tls.crt"), "first");
    AtomicInteger loads = new AtomicInteger();
    FileWatch watch = new FileWatch(() -> {
      if (loads.incrementAndGet() > 1) {
        throw new CertificateException("could not parse " + SECRET, new IllegalStateException(SECRET));
      }
    }, file);
    watch.load();
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));

    watch.reloadIfChanged();

    assertThat(loads).hasValue(2);
    assertThat(records).singleElement().satisfies(record -> {
      assertThat(record.getMessage()).contains("still using the previous credentials")
          .contains(CertificateException.class.getName()).doesNotContain(SECRET).doesNotContain("could not parse");
      assertThat(record.getThrown()).isNull();
      assertThat(record.getParameters() == null ? List.of() : List.of(record.getParameters()))
          .noneMatch(p -> String.valueOf(p).contains(SECRET));
    });
  }
}
