package dev.barker.manifold.engine;

import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import java.nio.file.Path;

/**
 * TLS for listeners and the connections we open: a PKCS#12 key store (our certificate and key)
 * for listening, a PEM certificate we trust for connecting. Either may be null when this process
 * only connects or only listens. Host names are verified against the certificate. The security
 * package makes a self-signed one for tests and {@code barker launch --secure}.
 */
public record Tls(Path keyStore, String keyStorePassword, Path trustedCertificate) {

  /** TLS for connecting only, trusting {@code certificate} (a PEM certificate or CA). */
  public static Tls trusting(Path certificate) {
    return new Tls(null, null, certificate);
  }

  /** Makes {@code options} listen with TLS only (AMQPS and wss on the one port; HTTPS). */
  public NetServerOptions applyTo(NetServerOptions options) {
    if (keyStore == null) {
      throw new IllegalStateException("a TLS listener needs a key store (--tls-keystore)");
    }
    return options.setSsl(true).setKeyCertOptions(new PfxOptions().setPath(keyStore.toString()).setPassword(keyStorePassword));
  }

  /** Makes {@code options} connect with TLS, trusting {@link #trustedCertificate} and checking the host name. */
  public NetClientOptions applyTo(NetClientOptions options) {
    return options.setSsl(true).setTrustOptions(trust()).setHostnameVerificationAlgorithm("HTTPS");
  }

  /** Makes {@code options} connect with wss, trusting {@link #trustedCertificate} and checking the host name. */
  public WebSocketClientOptions applyTo(WebSocketClientOptions options) {
    return options.setSsl(true).setTrustOptions(trust()).setVerifyHost(true);
  }

  private PemTrustOptions trust() {
    if (trustedCertificate == null) {
      throw new IllegalStateException("a TLS client needs a certificate to trust (--tls-trust)");
    }
    return new PemTrustOptions().addCertPath(trustedCertificate.toString());
  }
}
