package org.idnet.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.idnet.client.errors.IdnetProblemException;
import org.idnet.client.webhooks.WebhookVerifier;
import org.junit.jupiter.api.Test;

/** Platforms on Java 17 can use the client: its classes are class files of Java 17 (major version 61). */
class JavaSeventeenTest {

  @Test
  void theLibrarysClassesAreJava17ClassFiles() throws IOException {
    for (Class<?> type : new Class<?>[] {IdnetClient.class, Transport.class, WebhookVerifier.class,
        IdnetProblemException.class}) {
      try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class");
          DataInputStream data = new DataInputStream(in)) {
        assertThat(data.readInt()).isEqualTo(0xCAFEBABE);
        data.readUnsignedShort();
        assertThat(data.readUnsignedShort()).as("%s major version", type.getName()).isEqualTo(61);
      }
    }
  }
}
