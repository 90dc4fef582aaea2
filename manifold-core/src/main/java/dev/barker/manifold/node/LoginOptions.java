package dev.barker.manifold.node;

import dev.barker.manifold.engine.EngineOptions;
import dev.barker.manifold.engine.Tls;
import dev.barker.manifold.link.Linker;
import dev.barker.manifold.link.LinkerOptions;
import dev.barker.manifold.security.Secrets;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How a process logs in to services it connects to: a name and password, and the certificate it trusts. */
public final class LoginOptions {

  @Option(names = "--user", paramLabel = "NAME", description = "Log in to services as NAME (SASL PLAIN), "
      + "with the password from --password-file.")
  private String user;

  @Option(names = "--password-file", paramLabel = "FILE", description = "File whose first line is the password for --user.")
  private Path passwordFile;

  @Option(names = "--tls-trust", paramLabel = "PEM", description = "Connect to services with TLS, trusting this "
      + "certificate (or CA) and checking their host names.")
  private Path trustedCertificate;

  /** The certificate connections trust; null for plain TCP. */
  public Path trustedCertificate() {
    return trustedCertificate;
  }

  /** A linker whose connections log in and trust as given. */
  public Linker linker(Vertx vertx) {
    return new Linker(vertx, new LinkerOptions().engine(applyTo(new EngineOptions())));
  }

  /** Sets what connections made with {@code engine} log in with and trust; returns it. */
  public EngineOptions applyTo(EngineOptions engine) {
    if (user != null) {
      engine.login(user, passwordFile == null ? "" : Secrets.read(passwordFile));
    }
    if (trustedCertificate != null && engine.tls() == null) {
      engine.tls(Tls.trusting(trustedCertificate));
    }
    return engine;
  }
}
