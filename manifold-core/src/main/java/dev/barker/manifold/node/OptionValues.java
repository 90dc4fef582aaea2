package dev.barker.manifold.node;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters that refuse out-of-range option values as they are parsed, so a command line with
 * {@code --port -5} or {@code --bizlogic 0} ends with picocli's usage error (exit code 2) naming
 * the option, before anything starts.
 */
public final class OptionValues {

  private OptionValues() {
  }

  /** A TCP port: 0 (pick a free one) to 65535. */
  public static final class Port implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int port = integer(value);
      if (port < 0 || port > 65_535) {
        throw new TypeConversionException(value + " is not a port (0 to 65535; 0 picks a free one)");
      }
      return port;
    }
  }

  /** A count of at least one. */
  public static final class AtLeastOne implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int count = integer(value);
      if (count < 1) {
        throw new TypeConversionException(value + " is less than 1");
      }
      return count;
    }
  }

  /** A count that may be zero. */
  public static final class NotNegative implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int count = integer(value);
      if (count < 0) {
        throw new TypeConversionException(value + " is negative");
      }
      return count;
    }
  }

  /** A rate or duration: a finite number above zero. */
  public static final class Positive implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      double number;
      try {
        number = Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a number");
      }
      if (!(number > 0) || Double.isInfinite(number)) {
        throw new TypeConversionException(value + " is not above zero");
      }
      return number;
    }
  }

  private static int integer(String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not a whole number");
    }
  }
}
