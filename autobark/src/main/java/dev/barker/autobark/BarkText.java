package dev.barker.autobark;

import java.util.List;
import java.util.Random;

/** What simulated dogs say: woof/arf/ruff/yap words, sometimes a quote, an @mention or #subwoofer. */
final class BarkText {

  private static final List<String> WORDS = List.of("woof", "arf", "ruff", "yap", "bark", "grr", "awoo", "yip");
  private static final List<String> QUOTES = List.of(
      "\"Who let the dogs out?\"", "\"Every dog has its day.\"", "\"Let sleeping dogs lie.\"",
      "\"You ain't nothing but a hound dog.\"", "\"Barking up the wrong tree.\"", "\"Hair of the dog!\"");

  private final Random random;

  BarkText(Random random) {
    this.random = random;
  }

  /** A bark's content; {@code users} are who it may @mention. */
  String next(List<String> users) {
    StringBuilder text = new StringBuilder();
    int words = 1 + random.nextInt(6);
    for (int i = 0; i < words; i++) {
      text.append(i == 0 ? "" : " ").append(WORDS.get(random.nextInt(WORDS.size())));
    }
    if (random.nextInt(10) == 0) {
      text.append(' ').append(QUOTES.get(random.nextInt(QUOTES.size())));
    }
    if (random.nextInt(5) == 0) {
      text.append(" @").append(users.get(random.nextInt(users.size())));
    }
    if (random.nextInt(10) == 0) {
      text.append(" #subwoofer");
    }
    return text.toString();
  }
}
