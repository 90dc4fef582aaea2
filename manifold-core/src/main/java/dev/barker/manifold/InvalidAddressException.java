package dev.barker.manifold;

/** An address text that is not {@code //HOST[:PORT]/PATH}; the message names the text and the fault. */
public final class InvalidAddressException extends IllegalArgumentException {

  /** @param text the offending text; @param problem what is wrong with it */
  public InvalidAddressException(String text, String problem) {
    super("invalid address '" + text + "': " + problem);
  }
}
