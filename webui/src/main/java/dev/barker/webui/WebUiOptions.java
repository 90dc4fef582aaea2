package dev.barker.webui;

import dev.barker.manifold.node.SecurityOptions;
import dev.barker.model.BarkerOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the web server listens, and where its pages find Barker. */
public final class WebUiOptions {

  @Option(names = "--host", description = "Interface to listen on (default: ${DEFAULT-VALUE}).")
  private String host = "127.0.0.1";

  @Option(names = "--port", description = "HTTP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int port = 8080;

  @Option(names = "--dashboard", paramLabel = "URL", description = "Where /monitoring sends the browser (default: ${DEFAULT-VALUE}).")
  private String dashboard = "http://127.0.0.1:6001/monitoring/";

  @Mixin
  private BarkerOptions barker = new BarkerOptions();

  @Mixin
  private SecurityOptions security = new SecurityOptions();

  /** Interface to listen on. */
  public String host() {
    return host;
  }

  /** HTTP port (0: any free one). */
  public int port() {
    return port;
  }

  /** Sets the HTTP port (0: any free one). */
  public WebUiOptions port(int value) {
    this.port = value;
    return this;
  }

  /** Sends /monitoring to {@code url}. */
  public WebUiOptions dashboard(String url) {
    this.dashboard = url;
    return this;
  }

  /** Listens on {@code interfaceHost}. */
  public WebUiOptions host(String interfaceHost) {
    this.host = interfaceHost;
    return this;
  }

  /** The monitoring dashboard's URL. */
  public String dashboard() {
    return dashboard;
  }

  /** HTTPS and the login that gives pages their tokens (--tls-keystore, --credentials, --token-secret). */
  public SecurityOptions security() {
    return security;
  }

  /** Its directory and data. */
  public BarkerOptions barker() {
    return barker;
  }
}
