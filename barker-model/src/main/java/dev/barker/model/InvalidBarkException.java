package dev.barker.model;

/** A message that is not a valid bark; the message says what is wrong. */
public final class InvalidBarkException extends IllegalArgumentException {

  /** @param problem what is wrong, naming the field */
  public InvalidBarkException(String problem) {
    super(problem);
  }
}
