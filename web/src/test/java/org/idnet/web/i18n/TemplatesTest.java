package org.idnet.web.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The templates' own rules (docs/pages.md sections 2 and 3.5): no {@code th:utext} (everything is
 * escaped), no script, no inline style (the CSP forbids both), one {@code <h1>} per page.
 */
class TemplatesTest {

  static final Path TEMPLATES = Path.of("src/main/resources/templates");

  static List<Path> templates() throws IOException {
    try (Stream<Path> files = Files.walk(TEMPLATES)) {
      return files.filter(f -> f.toString().endsWith(".html")).sorted().toList();
    }
  }

  @Test
  void noUnescapedTextNoScriptNoInlineStyle() throws IOException {
    List<Path> templates = templates();
    assertThat(templates).hasSizeGreaterThanOrEqualTo(3);
    for (Path template : templates) {
      String text = Files.readString(template).toLowerCase();
      assertThat(text).as(template.toString())
          .doesNotContain("th:utext").doesNotContain("data-th-utext").doesNotContain("<script")
          .doesNotContain(" style=").doesNotContain("th:style").doesNotContain("<style")
          .doesNotContain("javascript:").doesNotContain(" onclick=").doesNotContain(" onload=")
          .doesNotContain("[(");
    }
  }

  @Test
  void everyPageHasOneHeadingOfTheFirstLevelAndTheLayout() throws IOException {
    for (Path template : templates()) {
      if (template.getFileName().toString().equals("layout.html")) {
        assertThat(Files.readString(template)).contains("class=\"skip\"").contains("th:lang=");
        continue;
      }
      String text = Files.readString(template);
      assertThat(text.split("<h1", -1)).as(template.toString()).hasSize(2);
      assertThat(text).as(template.toString()).contains("~{layout :: page(");
    }
  }
}
