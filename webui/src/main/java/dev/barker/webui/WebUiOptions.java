package dev.barker.webui;

import dev.barker.manifold.node.OptionValues;
import dev.barker.manifold.node.ServiceOptions;
import dev.barker.model.BarkerOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the web server listens, and where its pages find Barker. */
public final class WebUiOptions {

  /** The Barker page's HTTP port. */
  public static final int DEFAULT_HTTP_PORT = 8080;

  @Mixin
  private ServiceOptions service = new ServiceOptions(0);

  @Option(names = "--http-port", converter = OptionValues.Port.class, paramLabel = "PORT", description = "HTTP port of the Barker page; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int httpPort = DEFAULT_HTTP_PORT;

  @Option(names = "--dashboard", paramLabel = "URL", description = "Where /monitoring sends the browser, "
      + "e.g. http://127.0.0.1:5831/monitoring/ (barker launch passes its monitor's; without it /monitoring answers 404).")
  private String dashboard;

  @Mixin
  private BarkerOptions barker = new BarkerOptions();

  /** Where it listens for AMQP (its agent) and, with --host, for HTTP; its security (HTTPS, the login). */
  public ServiceOptions service() {
    return service;
  }

  /** HTTP port (0: any free one). */
  public int httpPort() {
    return httpPort;
  }

  /** Sets the HTTP port (0: any free one). */
  public WebUiOptions httpPort(int port) {
    this.httpPort = port;
    return this;
  }

  /** The monitoring dashboard's URL, or null when not known. */
  public String dashboard() {
    return dashboard;
  }

  /** Sends /monitoring to {@code url}. */
  public WebUiOptions dashboard(String url) {
    this.dashboard = url;
    return this;
  }

  /** Its directory and data. */
  public BarkerOptions barker() {
    return barker;
  }
}
