package dev.barker.launch;

import dev.barker.autobark.Autobark;
import dev.barker.autobark.AutobarkOptions;
import dev.barker.autobark.BarkClient;
import dev.barker.bizlogic.Bizlogic;
import dev.barker.bizlogic.BizlogicOptions;
import dev.barker.manifold.Address;
import dev.barker.manifold.directory.Routes;
import dev.barker.manifold.engine.EngineOptions;
import dev.barker.manifold.engine.Tls;
import dev.barker.manifold.link.Linker;
import dev.barker.manifold.link.LinkerOptions;
import dev.barker.manifold.node.Directory;
import dev.barker.manifold.node.Manifold;
import dev.barker.manifold.node.ManifoldOptions;
import dev.barker.manifold.node.ServiceOptions;
import dev.barker.manifold.security.CredentialsFile;
import dev.barker.manifold.security.Secrets;
import dev.barker.manifold.security.SelfSignedCertificate;
import dev.barker.manifold.security.Tokens;
import dev.barker.model.Mailboxes;
import dev.barker.model.UsersFile;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;

/**
 * {@code barker warmup}: runs one of every service in this process until barks flow, then exits.
 * {@code ./barker} runs it once after each build with {@code -XX:ArchiveClassesAtExit}, so that every
 * service starts from a class-data archive holding the classes they all load.
 */
@Command(name = "warmup", hidden = true, description = "Runs every kind of service in one process until barks flow, then exits.")
final class WarmupCommand implements java.util.concurrent.Callable<Integer> {

  private static final int BARKS = 20;

  @Override
  public Integer call() throws Exception {
    Path data = Files.createTempDirectory("barker-warmup");
    Vertx vertx = Vertx.vertx();
    try {
      Directory directory = Directory.start(vertx, new ServiceOptions(0)).await(30, TimeUnit.SECONDS);
      Address dir = directory.address();
      Manifold.start(vertx, new ManifoldOptions(dir.withPath(Mailboxes.INBOX).toString()).history(25))
          .await(30, TimeUnit.SECONDS);
      Manifold.start(vertx, new ManifoldOptions(dir.withPath(Mailboxes.OUTBOX).toString())
          .push(dir.withPath(Mailboxes.BIZLOGIC).toString())).await(30, TimeUnit.SECONDS);
      BizlogicOptions bizlogic = new BizlogicOptions();
      bizlogic.service().port(0);
      bizlogic.barker().directory(dir).data(data);
      Bizlogic.start(vertx, bizlogic).await(30, TimeUnit.SECONDS);
      AutobarkOptions autobark = new AutobarkOptions().rate(200);
      autobark.barker().directory(dir).data(data);
      Autobark.start(vertx, autobark).await(30, TimeUnit.SECONDS);
      Linker linker = new Linker(vertx);
      new Routes(linker, dir).synced().await(30, TimeUnit.SECONDS);
      CountDownLatch flowing = new CountDownLatch(BARKS);
      AtomicInteger lines = new AtomicInteger();
      BarkClient client = new BarkClient(linker, dir, UsersFile.loadOrCreate(data));
      for (String user : new String[] {"ark3", "rdl", "rhs"}) {
        client.listen(user, line -> {
          lines.incrementAndGet();
          flowing.countDown();
        });
      }
      client.bark("ark3", "warming up @rdl #subwoofer").await(30, TimeUnit.SECONDS);
      flowing.await(30, TimeUnit.SECONDS);
      System.out.println("warmup: " + lines.get() + " barks flowed");
      warmUpSecurity(vertx, data);
      return 0;
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  /**
   * A directory over TLS that checks logins, and a client that logs in to it, as under
   * {@code launch --secure}: TLS, PKCS12 and PBKDF2 are then in the archive too, and every secure
   * service starts as fast as a plain one.
   */
  private static void warmUpSecurity(Vertx vertx, Path data) throws Exception {
    Path dir = Files.createDirectories(data.resolve("secure"));
    Tls tls = SelfSignedCertificate.in(dir);
    Path credentials = dir.resolve("credentials.json");
    String secret = Secrets.createIfMissing(dir.resolve("warmup.password"));
    CredentialsFile.putSecret(credentials, "warmup", secret, Set.of("service"));
    Tokens tokens = new Tokens(Secrets.createIfMissing(dir.resolve("token.secret")));
    Directory directory = Directory.start(vertx, new ServiceOptions(0).engine(new EngineOptions().tls(tls)
        .authenticator(tokens.or(CredentialsFile.load(credentials))))).await(30, TimeUnit.SECONDS);
    Linker login = new Linker(vertx, new LinkerOptions().engine(new EngineOptions().login("warmup", secret)
        .tls(Tls.trusting(tls.trustedCertificate()))));
    new Routes(login, directory.address()).synced().await(30, TimeUnit.SECONDS);
  }
}
