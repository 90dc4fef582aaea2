package dev.barker.manifold.security;

import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * TLS for listeners and the connections we open: a PKCS#12 key store (our certificate and key)
 * for listening, a PEM certificate we trust for connecting. Either may be null when this process
 * only connects or only listens. Host names are verified against the certificate.
 */
public record Tls(Path keyStore, String keyStorePassword, Path trustedCertificate) {

  /** TLS for connecting only, trusting {@code certificate} (a PEM certificate or CA). */
  public static Tls trusting(Path certificate) {
    return new Tls(null, null, certificate);
  }

  /**
   * Makes (or reuses) in {@code dir} a self-signed certificate for {@code localhost} and
   * {@code 127.0.0.1} with the JDK's keytool: {@code tls.p12} (key store, password in
   * {@code tls.password}) and {@code tls.pem} (the certificate to trust). For tests and
   * {@code barker launch --secure}; use a certificate from your CA elsewhere.
   */
  public static Tls selfSigned(Path dir) throws IOException, InterruptedException {
    Path keyStore = dir.resolve("tls.p12");
    Path passwordFile = dir.resolve("tls.password");
    Path certificate = dir.resolve("tls.pem");
    String password = Secrets.createIfMissing(passwordFile);
    if (!Files.exists(certificate)) {
      keytool("-genkeypair", "-alias", "barker", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "365",
          "-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
          "-keystore", keyStore.toString(), "-storepass:file", passwordFile.toString(),
          "-keypass:file", passwordFile.toString()); // from the file: command lines are public
      keytool("-exportcert", "-rfc", "-alias", "barker", "-keystore", keyStore.toString(),
          "-storepass:file", passwordFile.toString(), "-file", certificate.toString());
    }
    return new Tls(keyStore, password, certificate);
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    command.addAll(List.of(args));
    Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes());
    if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      throw new IOException("keytool " + args[0] + " failed: " + output.strip());
    }
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
