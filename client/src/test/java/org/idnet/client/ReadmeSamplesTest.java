package org.idnet.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's "Integrate in 15 minutes" shows code the tests run: each sample is the block
 * between {@code // README <name>: begin} and {@code end} of a test, and must stand in the README
 * exactly (indentation aside), so the README cannot show code that no longer compiles.
 */
class ReadmeSamplesTest {

  static final Path HOME = Path.of(System.getProperty("idnet.home", "..")).toAbsolutePath().normalize();
  static final Path TESTS = HOME.resolve("client/src/test/java/org/idnet/client");

  @Test
  void theClientSampleIsInTheReadme() throws IOException {
    assertThat(readme()).contains(block(TESTS.resolve("IdnetClientEndToEndTest.java"), "sample"));
  }

  @Test
  void theWebhookSampleIsInTheReadme() throws IOException {
    assertThat(readme()).contains(block(TESTS.resolve("webhooks/WebhookVerifierTest.java"), "webhook"));
  }

  private static String readme() throws IOException {
    return Files.readString(HOME.resolve("README.md"));
  }

  /** The lines between the markers, less their common indentation. */
  private static String block(Path source, String name) throws IOException {
    List<String> lines = Files.readAllLines(source);
    int begin = lines.indexOf(indentOf(lines, "// README " + name + ": begin") + "// README " + name + ": begin");
    int end = lines.indexOf(indentOf(lines, "// README " + name + ": end") + "// README " + name + ": end");
    assertThat(begin).as("markers of %s in %s", name, source).isNotNegative().isLessThan(end);
    List<String> block = lines.subList(begin + 1, end);
    int indent = block.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
        .min().orElse(0);
    return block.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.joining("\n"));
  }

  private static String indentOf(List<String> lines, String marker) {
    return lines.stream().filter(l -> l.strip().equals(marker)).findFirst()
        .map(l -> " ".repeat(l.length() - l.stripLeading().length())).orElse("");
  }
}
