package dev.barker.launch;

import dev.barker.manifold.engine.EngineOptions;
import dev.barker.manifold.engine.Tls;
import dev.barker.manifold.security.CredentialsFile;
import dev.barker.manifold.security.Secrets;
import dev.barker.manifold.security.SelfSignedCertificate;
import dev.barker.model.Users;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code barker launch --secure} runs on, under {@code DATA/secure}, made on first use and
 * kept: a self-signed TLS certificate, the token secret, Barker's access rules, and a credentials
 * file with a principal per kind of service (each with its own random password) and the three
 * humans (one shared random password, in {@code humans.password}).
 */
final class SecureSetup {

  /** The principal each kind of service logs in as, and its roles in access.json. */
  static final Map<String, Set<String>> SERVICES = Map.of(
      "directory", Set.of("service"),
      "manifold", Set.of("service", "manifold"),
      "bizlogic", Set.of("service", "bizlogic"),
      "autobark", Set.of("service", "autobark"),
      "monitor", Set.of("service", "monitor"),
      "webui", Set.of("service"));
  private static final String HUMANS = "humans";

  private final Path dir;
  private final Tls tls;

  private SecureSetup(Path dir, Tls tls) {
    this.dir = dir;
    this.tls = tls;
  }

  /** Makes what is missing under {@code dir}. */
  static SecureSetup prepare(Path dir) throws IOException, InterruptedException {
    Tls tls = SelfSignedCertificate.in(dir);
    Secrets.createIfMissing(dir.resolve("token.secret"));
    Path access = dir.resolve("access.json");
    if (!Files.exists(access)) {
      try (InputStream rules = Users.class.getResourceAsStream("access.json")) {
        Files.copy(rules, access);
      }
    }
    Path credentials = dir.resolve("credentials.json");
    boolean fresh = !Files.exists(credentials);
    for (Map.Entry<String, Set<String>> service : SERVICES.entrySet()) {
      if (fresh || !CredentialsFile.load(credentials).contains(service.getKey())) { // a kind added since
        CredentialsFile.put(credentials, service.getKey(), Secrets.createIfMissing(dir.resolve(service.getKey() + ".password")),
            service.getValue());
      }
    }
    if (fresh) {
      String humans = Secrets.createIfMissing(dir.resolve(HUMANS + ".password"));
      for (String human : Users.HUMANS) {
        CredentialsFile.put(credentials, human, humans, Set.of("user", "viewer"));
      }
    }
    return new SecureSetup(dir, tls);
  }

  /** A listener's options: credentials, tokens, access rules and TLS. */
  List<String> listenerArgs() {
    return List.of("--credentials", path("credentials.json"), "--token-secret", path("token.secret"),
        "--access", path("access.json"), "--tls-keystore", path("tls.p12"),
        "--tls-keystore-password-file", path("tls.password"), "--tls-trust", path("tls.pem"));
  }

  /** How a service of kind {@code principal} logs in to the others. */
  List<String> loginArgs(String principal) {
    return List.of("--user", principal, "--password-file", path(principal + ".password"));
  }

  /** The file holding the humans' password. */
  Path humansPasswordFile() {
    return dir.resolve(HUMANS + ".password");
  }

  /** The certificate clients trust. */
  Path certificate() {
    return tls.trustedCertificate();
  }

  /** Connection options that log in as {@code human} over TLS. */
  EngineOptions loginAs(String human) {
    return new EngineOptions().login(human, Secrets.read(humansPasswordFile()))
        .tls(Tls.trusting(tls.trustedCertificate()));
  }

  private String path(String name) {
    return dir.resolve(name).toString();
  }
}
