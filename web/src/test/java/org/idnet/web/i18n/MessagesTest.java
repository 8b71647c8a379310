package org.idnet.web.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Both bundles hold the same keys, every key a template names exists, and the keys pages compute
 * (outcomes, durations, errors) exist too.
 */
class MessagesTest {

  static final Pattern KEY = Pattern.compile("#\\{([A-Za-z0-9_.-]+)[}(]");

  static Properties bundle(String language) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(Path.of("src/main/resources/i18n/messages_" + language + ".properties"),
        StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    return properties;
  }

  @Test
  void bothBundlesHoldTheSameKeys() throws IOException {
    Properties vi = bundle("vi");
    Properties en = bundle("en");
    assertThat(new TreeSet<>(vi.stringPropertyNames())).isEqualTo(new TreeSet<>(en.stringPropertyNames()));
    vi.forEach((key, value) -> assertThat((String) value).as("vi " + key).isNotBlank());
    en.forEach((key, value) -> assertThat((String) value).as("en " + key).isNotBlank());
    assertThat(vi.getProperty("transparency.heading")).isEqualTo("Báo cáo minh bạch");
  }

  @Test
  void everyKeyATemplateNamesExists() throws IOException {
    Set<String> keys = bundle("vi").stringPropertyNames();
    Set<String> used = new TreeSet<>();
    for (Path template : TemplatesTest.templates()) {
      Matcher key = KEY.matcher(Files.readString(template));
      while (key.find()) {
        used.add(key.group(1));
      }
    }
    assertThat(used).contains("layout.skip", "transparency.median.omitted");
    assertThat(keys).containsAll(used);
  }

  @Test
  void everyComputedKeyExists() throws IOException {
    Set<String> keys = bundle("en").stringPropertyNames();
    org.idnet.web.transparency.ReportViewKeys.all().forEach(key -> assertThat(keys).contains(key));
    assertThat(keys).contains("error.gateway-unavailable", "error.unexpected", "error.invalid-date",
        "error.reversed-period");
  }
}
