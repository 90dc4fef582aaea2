package dev.barker.launch;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The barker command's logging unless a logback configuration file is given
 * ({@code -Dlogback.configurationFile=FILE}, which then takes over as logback documents it; the
 * launcher passes it on to every service). Set up in code rather than from a bundled logback.xml
 * (parsing XML costs each of the dozen service processes a noticeable slice of its start-up): one
 * line per event on stderr, or one JSON object per line with {@value #FORMAT_VARIABLE}{@code =json}
 * (the service's name in its context's properties); INFO and up ({@value #LEVEL_VARIABLE} changes
 * it), Netty and Vert.x at WARN.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class ConsoleLogging extends ContextAwareBase implements Configurator {

  /** Environment variable: the root level (TRACE, DEBUG, INFO, WARN, ERROR; default INFO). */
  public static final String LEVEL_VARIABLE = "BARKER_LOG_LEVEL";
  /** Environment variable: {@code json} for JSON lines, anything else (or unset) for text. */
  public static final String FORMAT_VARIABLE = "BARKER_LOG_FORMAT";
  /** Environment variable the launcher sets to each service's name, logged as context property {@code service}. */
  public static final String SERVICE_VARIABLE = "BARKER_SERVICE";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty(ClassicConstants.CONFIG_FILE_PROPERTY) != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("console");
    console.setTarget("System.err");
    console.setEncoder(isJson() ? json(context) : text(context));
    console.start();
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(System.getenv(LEVEL_VARIABLE), Level.INFO));
    root.addAppender(console);
    context.getLogger("io.netty").setLevel(Level.WARN);
    context.getLogger("io.vertx").setLevel(Level.WARN);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** True when services log JSON lines. */
  static boolean isJson() {
    return "json".equalsIgnoreCase(System.getenv(FORMAT_VARIABLE));
  }

  private static Encoder<ILoggingEvent> text(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{0}: %msg%n");
    encoder.start();
    return encoder;
  }

  private static Encoder<ILoggingEvent> json(LoggerContext context) {
    String service = System.getenv(SERVICE_VARIABLE);
    if (service != null) {
      context.putProperty("service", service);
    }
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.setWithArguments(false);
    encoder.start();
    return encoder;
  }
}
