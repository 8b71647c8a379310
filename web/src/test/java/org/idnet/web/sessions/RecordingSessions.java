package org.idnet.web.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import java.io.ObjectInputFilter;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import org.idnet.keysets.KeysetSpec;
import org.idnet.keysets.ServiceLayouts;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Records every class the running web reads back from a session (through {@link SealedAttributes#FILTER},
 * which still decides): a test class that runs real flows imports this and asserts, after them, that
 * nothing was refused and what was read is within {@link SealedAttributes#ALLOWED}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class RecordingSessions {

  /** Every class read, arrays as their element type. */
  public static final Set<String> READ = new ConcurrentSkipListSet<>();
  /** Every class the filter refused. */
  public static final Set<String> REFUSED = new ConcurrentSkipListSet<>();

  @Bean
  @Primary
  SealedAttributes recordingSealedAttributes(Map<KeysetSpec, KeysetHandle> webKeysets) throws GeneralSecurityException {
    ObjectInputFilter recording = info -> {
      ObjectInputFilter.Status status = SealedAttributes.FILTER.checkInput(info);
      Class<?> type = info.serialClass();
      if (type != null) {
        while (type.isArray()) {
          type = type.getComponentType();
        }
        if (!type.isPrimitive()) {
          READ.add(type.getName());
        }
        if (status == ObjectInputFilter.Status.REJECTED) {
          REFUSED.add(type.getName());
        }
      } else if (status == ObjectInputFilter.Status.REJECTED) {
        REFUSED.add("limit: depth " + info.depth() + ", refs " + info.references() + ", bytes " + info.streamBytes());
      }
      return status;
    };
    return new SealedAttributes(webKeysets.get(ServiceLayouts.Web.SESSIONS)
        .getPrimitive(RegistryConfiguration.get(), Aead.class), recording);
  }

  /** Before a test class's flows. */
  public static void clear() {
    READ.clear();
    REFUSED.clear();
  }

  /**
   * After a test class's flows: nothing was refused, everything read is allowed, and these were read
   * (the flows really went through sessions holding them).
   */
  public static void assertOnlyAllowedRead(String... expected) {
    System.out.println("Session classes read: " + read());
    assertThat(REFUSED).as("classes refused while reading sessions").isEmpty();
    assertThat(read()).isSubsetOf(SealedAttributes.ALLOWED).contains(expected);
  }

  /** What was read, for the report (sorted). */
  public static Set<String> read() {
    return new TreeSet<>(READ);
  }
}
