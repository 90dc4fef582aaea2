package dev.barker.launch;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.barker.testkit.JavaProcess;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code barker launch --secure --host ADDR} off loopback: its certificate names ADDR, so every
 * service reaches the others over TLS; a service whose directory's certificate does not name the
 * address it dials says so while it waits, instead of never being ready without a word.
 */
@Timeout(180)
class SecureOffLoopbackTest {

  @TempDir
  Path data;

  @Test
  void secureLaunchOnAnotherAddressNamesItInTheCertificateAndBarksFlow() throws Exception {
    String address = nonLoopbackAddress();
    try (LaunchedBarker barker = LaunchedBarker.start(data, "--secure", "--host", address, "--no-web", "--outboxes", "1",
        "--autobarks", "1")) {
      barker.launcher.awaitPrinted(line -> line.startsWith("first bark in ark3's inbox"), 90);
      assertTrue(alternativeNames(data.resolve("secure/tls.pem")).contains(address), "the certificate names " + address);
    }
  }

  @Test
  void aServiceWhoseDirectoryItCannotTrustSaysWhyWhileNotReady() throws Exception {
    String address = nonLoopbackAddress();
    SecureSetup security = SecureSetup.prepare(data.resolve("secure"), List.of()); // a certificate not naming ADDR
    List<String> args = new ArrayList<>(List.of("directory", "--host", address, "--port", "0"));
    args.addAll(security.listenerArgs());
    args.addAll(security.loginArgs("directory"));
    try (JavaProcess directory = JavaProcess.start("directory", Barker.class.getName(), args.toArray(String[]::new))) {
      String said = directory.awaitLine(line -> line.contains("cannot register with the directory at"), 60);
      assertTrue(said.contains(address) && said.contains("retrying"), said);
      assertTrue(said.contains("No subject alternative names matching IP address " + address), said);
    }
  }

  /** This machine's first IPv4 address off loopback; skips the test where it has none. */
  private static String nonLoopbackAddress() throws SocketException {
    Optional<String> found = NetworkInterface.networkInterfaces().filter(SecureOffLoopbackTest::isUp)
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
        .map(InetAddress::getHostAddress).findFirst();
    assumeTrue(found.isPresent(), "this machine has no IPv4 address off loopback");
    return found.get();
  }

  private static boolean isUp(NetworkInterface network) {
    try {
      return network.isUp();
    } catch (SocketException e) {
      return false;
    }
  }

  private static List<String> alternativeNames(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      return certificate.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))).toList();
    }
  }
}
