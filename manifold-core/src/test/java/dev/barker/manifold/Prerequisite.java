package dev.barker.manifold;

import org.junit.jupiter.api.Assumptions;

/** Skips a test whose outside prerequisite is missing, and says so on the console. */
public final class Prerequisite {

  private Prerequisite() {
  }

  /** Skips the calling test unless {@code present}, printing {@code SKIPPED: why}. */
  public static void assume(boolean present, String why) {
    if (!present) {
      System.out.println("SKIPPED: " + why);
    }
    Assumptions.assumeTrue(present, why);
  }
}
