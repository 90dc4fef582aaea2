package dev.barker.manifold.security;

import dev.barker.manifold.engine.Tls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost}, {@code 127.0.0.1} and any other hosts it is to
 * serve, made with the JDK's keytool, for tests and {@code barker launch --secure}; use a
 * certificate from your CA elsewhere.
 */
public final class SelfSignedCertificate {

  private SelfSignedCertificate() {
  }

  /**
   * Makes (or reuses) in {@code dir}: {@code tls.p12} (key store, password in {@code tls.password})
   * and {@code tls.pem} (the certificate to trust), for {@code localhost} and {@code 127.0.0.1}.
   */
  public static Tls in(Path dir) throws IOException, InterruptedException {
    return in(dir, List.of());
  }

  /**
   * The same, naming {@code hosts} too (names or IP addresses); one made before that does not
   * name them all is made again.
   */
  public static Tls in(Path dir, List<String> hosts) throws IOException, InterruptedException {
    Path keyStore = dir.resolve("tls.p12");
    Path passwordFile = dir.resolve("tls.password");
    Path certificate = dir.resolve("tls.pem");
    String password = Secrets.createIfMissing(passwordFile);
    List<String> names = new ArrayList<>(List.of("dns:localhost", "ip:127.0.0.1"));
    hosts.stream().map(host -> (isIpAddress(host) ? "ip:" : "dns:") + host).filter(name -> !names.contains(name))
        .forEach(names::add);
    if (Files.exists(certificate) && !names(certificate).containsAll(names)) {
      Files.delete(certificate);
      Files.deleteIfExists(keyStore);
    }
    if (!Files.exists(certificate)) {
      keytool("-genkeypair", "-alias", "barker", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "365",
          "-dname", "CN=localhost", "-ext", "san=" + String.join(",", names), "-storetype", "PKCS12",
          "-keystore", keyStore.toString(), "-storepass:file", passwordFile.toString(),
          "-keypass:file", passwordFile.toString()); // from the file: command lines are public
      writePem(keyStore, password, certificate); // here, rather than a second keytool JVM: a second saved
    }
    return new Tls(keyStore, password, certificate);
  }

  private static boolean isIpAddress(String host) {
    return host.matches("[0-9.]+") || host.contains(":");
  }

  /** The subject alternative names {@code pem} carries, as {@code dns:NAME} and {@code ip:ADDRESS}. */
  private static List<String> names(Path pem) throws IOException {
    try (InputStream in = Files.newInputStream(pem)) {
      X509Certificate read = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      List<String> names = new ArrayList<>();
      if (read.getSubjectAlternativeNames() != null) {
        for (List<?> name : read.getSubjectAlternativeNames()) {
          int type = (Integer) name.get(0); // 2 a DNS name, 7 an IP address
          names.add((type == 7 ? "ip:" : "dns:") + name.get(1));
        }
      }
      return names;
    } catch (GeneralSecurityException e) {
      return List.of(); // unreadable: made again
    }
  }

  /** Writes the certificate in {@code keyStore} to {@code pem}, as {@code keytool -exportcert -rfc} would. */
  private static void writePem(Path keyStore, String password, Path pem) throws IOException {
    try (InputStream in = Files.newInputStream(keyStore)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password.toCharArray());
      String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
          .encodeToString(store.getCertificate("barker").getEncoded());
      Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n",
          StandardCharsets.US_ASCII);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read the certificate in " + keyStore + ": " + e.getMessage(), e);
    }
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
}
