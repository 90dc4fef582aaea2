package dev.barker.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The project's README.rst as tests read it: its sections and its literal blocks ({@code ::}). */
public final class Readme {

  private final String text;

  private Readme(String text) {
    this.text = text;
  }

  /** The README of the project a module's tests run in (its parent directory). */
  public static Readme ofProject() {
    try {
      return new Readme(Files.readString(Path.of("..", "README.rst")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ../README.rst from " + Path.of("").toAbsolutePath(), e);
    }
  }

  /** The whole text. */
  public String text() {
    return text;
  }

  /** The top-level section {@code title}, up to the next one; fails if there is none. */
  public Readme section(String title) {
    int start = text.indexOf(title + "\n" + "=".repeat(title.length()));
    if (start < 0) {
      throw new AssertionError("the README has no section " + title);
    }
    int end = text.indexOf("\n=====", start + 2 * title.length() + 2);
    return new Readme(text.substring(start, end < 0 ? text.length() : text.lastIndexOf('\n', end - 1)));
  }

  /**
   * Every literal block (the indented lines after a line ending in {@code ::}), each as its lines
   * without their indentation, blank lines left out.
   */
  public List<List<String>> literalBlocks() {
    List<List<String>> blocks = new ArrayList<>();
    List<String> lines = null;
    for (String line : (text + "\n.").split("\n", -1)) {
      if (lines != null && (line.isBlank() || line.startsWith("    "))) {
        if (!line.isBlank()) {
          lines.add(line.substring(4).stripTrailing());
        }
        continue;
      }
      if (lines != null) {
        blocks.add(List.copyOf(lines));
      }
      lines = line.endsWith("::") ? new ArrayList<>() : null;
    }
    return blocks;
  }
}
