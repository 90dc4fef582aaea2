package dev.barker.launch;

import dev.barker.testkit.Readme;
import java.util.ArrayList;
import java.util.List;

/** The {@code ./barker} commands the README shows, as argument lists, and the output it shows for them. */
final class ReadmeCommands {

  private static final String BARKER = "./barker ";

  private ReadmeCommands() {
  }

  /** Every {@code ./barker ...} line of the README's literal blocks (continued lines joined), split as a shell would. */
  static List<List<String>> barkerCommands(Readme readme) {
    List<List<String>> commands = new ArrayList<>();
    for (List<String> lines : readme.literalBlocks()) {
      for (int i = 0; i < lines.size(); i++) {
        StringBuilder command = new StringBuilder(lines.get(i));
        while (command.toString().endsWith("\\") && i + 1 < lines.size()) {
          command.setLength(command.length() - 1);
          command.append(' ').append(lines.get(++i).strip());
        }
        String text = command.toString().replaceFirst("\\s+#.*$", ""); // a shell comment
        if (text.startsWith(BARKER)) {
          commands.add(words(text.substring(BARKER.length())));
        }
      }
    }
    return commands;
  }

  /** The output the README shows for {@code command}: the rest of the literal block that starts with it. */
  static List<String> outputShownFor(Readme readme, String command) {
    List<String> lines = readme.literalBlocks().stream()
        .filter(block -> block.size() > 1 && block.get(0).equals(command))
        .findFirst().orElseThrow(() -> new AssertionError("the README shows no output of " + command));
    return lines.subList(1, lines.size());
  }

  /**
   * {@code lines} with ports of the ephemeral range (32768 and up: picked afresh each run) as
   * {@code PORT}, sorted (where such a line sorts depends on its port).
   */
  static List<String> withoutEphemeralPorts(List<String> lines) {
    return lines.stream().map(line -> line.replaceAll("\\b(3[2-9]\\d{3}|[4-6]\\d{4})\\b", "PORT")).sorted().toList();
  }

  /** {@code text} split into words as a shell would: on blanks, but not inside double or single quotes. */
  private static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    char quote = 0;
    boolean inWord = false;
    for (char c : text.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
