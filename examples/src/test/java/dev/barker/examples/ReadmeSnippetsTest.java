package dev.barker.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README's Java snippets are quoted from the examples: each of their lines is still in one of them. */
class ReadmeSnippetsTest {

  private static final Path README = Path.of("..", "README.rst");
  private static final Path EXAMPLES = Path.of("src", "main", "java", "dev", "barker", "examples");

  @Test
  void everyLineOfTheEmbeddingSnippetsIsInAnExample() throws IOException {
    String examples = examples();
    List<String> snippetLines = javaSnippetLines(section(Files.readString(README), "Embedding the library"));
    assertFalse(snippetLines.isEmpty(), "the README's Embedding section has no Java snippet");
    for (String line : snippetLines) {
      assertTrue(examples.contains(line), "README line not in the examples: " + line);
    }
  }

  /** The text of the top-level section {@code title}, up to the next one. */
  private static String section(String readme, String title) {
    int start = readme.indexOf(title + "\n" + "=".repeat(title.length()));
    assertTrue(start >= 0, "no section " + title);
    int end = readme.indexOf("\n=====", start + 2 * title.length() + 2);
    return readme.substring(start, end < 0 ? readme.length() : readme.lastIndexOf('\n', end - 1));
  }

  /** The trimmed non-blank lines of the literal blocks ({@code ::}) that hold Java (a semicolon). */
  private static List<String> javaSnippetLines(String section) {
    List<String> lines = new ArrayList<>();
    List<String> block = null;
    for (String line : section.split("\n", -1)) {
      if (block != null && (line.isBlank() || line.startsWith("    "))) {
        block.add(line.strip());
        continue;
      }
      if (block != null && String.join("\n", block).contains(";")) {
        block.stream().filter(text -> !text.isEmpty()).forEach(lines::add);
      }
      block = line.endsWith("::") ? new ArrayList<>() : null;
    }
    return lines;
  }

  private static String examples() throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      for (Path file : files.toList()) {
        Files.readAllLines(file).forEach(line -> all.append(line.strip()).append('\n'));
      }
    }
    return all.toString();
  }
}
