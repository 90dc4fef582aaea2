package dev.barker.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.testkit.Readme;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README's Java snippets are quoted from the examples: each of their lines is still in one of them. */
class ReadmeSnippetsTest {

  private static final Path EXAMPLES = Path.of("src", "main", "java", "dev", "barker", "examples");

  @Test
  void everyLineOfTheEmbeddingSnippetsIsInAnExample() throws IOException {
    String examples = examples();
    List<String> snippetLines = Readme.ofProject().section("Embedding the library").literalBlocks().stream()
        .filter(block -> String.join("\n", block).contains(";")) // Java, not a shell command
        .flatMap(block -> block.stream().map(String::strip)).toList();
    assertFalse(snippetLines.isEmpty(), "the README's Embedding section has no Java snippet");
    for (String line : snippetLines) {
      assertTrue(examples.contains(line), "README line not in the examples: " + line);
    }
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
