package dev.barker.launch;

import dev.barker.manifold.engine.EngineOptions;
import dev.barker.manifold.engine.Principal;
import dev.barker.manifold.engine.Tls;
import dev.barker.manifold.management.Management;
import dev.barker.manifold.security.CredentialsFile;
import dev.barker.manifold.security.Secrets;
import dev.barker.manifold.security.SelfSignedCertificate;
import dev.barker.manifold.security.Tokens;
import dev.barker.model.Users;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What {@code barker launch --secure} runs on, under {@code DATA/secure}, made on first use and
 * kept (but Barker's access rules, written anew each time): a self-signed TLS certificate, the token
 * secret, Barker's access rules, and a credentials file with a principal per kind of service (each
 * with its own random password), the three humans (console viewers too) and the console's
 * {@link #OPERATOR}, each with a random password of its own: every principal's is in
 * {@code <name>.password}.
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

  /** The roles of the people, ark3, rdl and rhs: Barker users who may watch the console. */
  static final Set<String> HUMAN_ROLES = Set.of("user", Management.VIEWER);

  /** The principal who runs the console: it may read everything (viewer) and act (admin: retry, purge, remove). */
  static final String OPERATOR = "operator";

  private final Path dir;
  private final Tls tls;

  private SecureSetup(Path dir, Tls tls) {
    this.dir = dir;
    this.tls = tls;
  }

  /** Barker's access rules, as {@code access.json}. */
  static InputStream barkerAccessRules() {
    return Users.class.getResourceAsStream("access.json");
  }

  /**
   * Makes what is missing under {@code dir}, the certificate (keytool, naming {@code hosts} too) meanwhile. Every
   * password made here is a random secret ({@link Secrets}), people's too, so each is hashed with
   * {@link CredentialsFile#SECRET_ITERATIONS}: stretching protects passwords a guess could find,
   * and none of these can be guessed. A password a person chooses ({@code barker credentials})
   * gets {@link CredentialsFile#ITERATIONS}.
   */
  static SecureSetup prepare(Path dir, List<String> hosts) throws IOException, InterruptedException {
    ExecutorService keytool = Executors.newSingleThreadExecutor();
    try {
      Future<Tls> tls = keytool.submit(() -> SelfSignedCertificate.in(dir, hosts));
      Secrets.createIfMissing(dir.resolve("token.secret"));
      try (InputStream rules = barkerAccessRules()) { // Barker's own, always current
        Files.copy(rules, dir.resolve("access.json"), StandardCopyOption.REPLACE_EXISTING);
      }
      Path credentials = dir.resolve("credentials.json");
      Map<String, Set<String>> principals = new LinkedHashMap<>(SERVICES);
      Users.HUMANS.forEach(human -> principals.put(human, HUMAN_ROLES));
      principals.put(OPERATOR, Set.of(Management.VIEWER, Management.ADMIN));
      Set<String> present = Files.exists(credentials) ? CredentialsFile.load(credentials).names() : Set.of();
      for (Map.Entry<String, Set<String>> principal : principals.entrySet()) {
        Path passwordFile = dir.resolve(principal.getKey() + ".password");
        // made afresh when missing from the file, or without a password file (a kind added since, or
        // a human from before each had a password of its own)
        if (!Files.exists(passwordFile) || !present.contains(principal.getKey())) {
          CredentialsFile.putSecret(credentials, principal.getKey(), Secrets.createIfMissing(passwordFile), principal.getValue());
        }
      }
      return new SecureSetup(dir, tls.get());
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage(), e.getCause());
    } finally {
      keytool.shutdownNow();
    }
  }

  /** A listener's options: credentials, tokens, access rules and TLS. */
  List<String> listenerArgs() {
    return List.of("--credentials", path("credentials.json"), "--token-secret", path("token.secret"),
        "--access", path("access.json"), "--tls-keystore", path("tls.p12"),
        "--tls-keystore-password-file", path("tls.password"), "--tls-trust", path("tls.pem"));
  }

  /** How a service of kind {@code principal} logs in to the others. */
  List<String> loginArgs(String principal) {
    return List.of("--user", principal, "--password-file", passwordFile(principal).toString());
  }

  /** The file holding {@code principal}'s password. */
  Path passwordFile(String principal) {
    return dir.resolve(principal + ".password");
  }

  /** The certificate clients trust. */
  Path certificate() {
    return tls.trustedCertificate();
  }

  /**
   * How the launcher itself logs in as {@code human}: with a token it signs rather than the
   * password, because a token costs the services a signature check and a person's password most
   * of a second of hashing in each. Call on a Vert.x context.
   */
  EngineOptions loginAs(String human) {
    String token = new Tokens(Secrets.read(dir.resolve("token.secret"))).issue(new Principal(human, HUMAN_ROLES));
    return new EngineOptions().login(human, token).tls(Tls.trusting(tls.trustedCertificate()));
  }

  private String path(String name) {
    return dir.resolve(name).toString();
  }
}
