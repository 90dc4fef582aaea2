package dev.barker.launch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.manifold.LinkClosedException;
import dev.barker.manifold.TestLoop;
import dev.barker.manifold.engine.EngineOptions;
import dev.barker.manifold.engine.Tls;
import dev.barker.manifold.link.DeliveryException;
import dev.barker.manifold.link.Linker;
import dev.barker.manifold.link.LinkerOptions;
import dev.barker.manifold.link.Requester;
import dev.barker.manifold.security.Secrets;
import dev.barker.model.Mailboxes;
import dev.barker.testkit.Browser;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.NoAlertPresentException;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code barker launch --secure} end to end: TLS everywhere, logins for services and people, access
 * rules, and the web page's login with a token, in a real headless Chromium.
 */
@Timeout(240)
class SecureLaunchTest {

  @TempDir
  Path data;

  @Test
  void letsInWhoItShouldOverTlsAndNoOneElse() throws Exception {
    try (LaunchedBarker barker = LaunchedBarker.start(data, "--secure", "--outboxes", "1", "--autobarks", "1",
        "--rate", "20");
         TestLoop loop = new TestLoop()) {
      Path secure = data.resolve("secure");
      String password = Secrets.read(secure.resolve("ark3.password"));
      Tls trust = Tls.trusting(secure.resolve("tls.pem"));
      assertTrue(barker.urls.values().stream().allMatch(url -> url.startsWith("https://")), barker.urls.toString());

      Linker ark3 = loop.call(() -> new Linker(loop.vertx(), new LinkerOptions()
          .engine(new EngineOptions().login("ark3", password).tls(trust))));
      List<String> barks = new CopyOnWriteArrayList<>();
      loop.run(() -> ark3.receiver(Mailboxes.inbox(barker.directory, "ark3"), delivery -> {
        barks.add(String.valueOf(delivery.message().getBody()));
        delivery.accept();
      }));
      await("ark3 reads its inbox over TLS").atMost(Duration.ofSeconds(60)).until(() -> !barks.isEmpty());

      AtomicReference<Throwable> refused = new AtomicReference<>();
      loop.run(() -> ark3.receiver(Mailboxes.inbox(barker.directory, "rex"), delivery -> delivery.accept())
          .errorHandler(refused::set));
      await("ark3 reading rex's inbox is refused").atMost(Duration.ofSeconds(30)).until(() -> refused.get() != null);
      assertTrue(refused.get() instanceof LinkClosedException closed && closed.isDenied()
          && closed.getMessage().contains("ark3 (roles [user, viewer]) may not receive from"), refused.get().toString());

      HttpClient https = HttpClient.newBuilder().sslContext(trusting(secure.resolve("tls.pem"))).build();
      String login = barker.urls.get("Barker page") + "login";
      assertEquals(200, post(https, login, "{\"user\": \"ark3\", \"password\": \"" + password + "\"}").statusCode());
      assertEquals(401, post(https, login, "{\"user\": \"ark3\", \"password\": \"woof\"}").statusCode());
      assertEquals(401, post(https, login, "{\"user\": \"rdl\", \"password\": \"" + password + "\"}").statusCode(),
          "each human has a password of its own");

      String operatorPassword = Secrets.read(secure.resolve(SecureSetup.OPERATOR + ".password"));
      String[] inbox = barker.listensOn.get("inbox").split(":");
      Requester.Response asOperator = manage(loop, "operator", operatorPassword, trust, inbox, "PURGE");
      assertEquals(404, asOperator.status(), "the operator may purge (the inbox has no dead letters)");
      ExecutionException asArk3 = assertThrows(ExecutionException.class, () -> manage(loop, "ark3", password, trust, inbox, "PURGE"));
      assertTrue(asArk3.getCause() instanceof DeliveryException rejected
          && rejected.condition().getCondition().equals(AmqpError.UNAUTHORIZED_ACCESS)
          && rejected.condition().getDescription().equals("ark3 (roles [user, viewer]) may not PURGE stream: it needs the admin role"),
          asArk3.getCause().toString());

      try (Browser browser = Browser.start()) {
        browser.open(barker.urls.get("Dashboard") + "#streams");
        answerPrompt(browser, SecureSetup.OPERATOR);
        answerPrompt(browser, operatorPassword);
        browser.await("body[data-monitor='live']");
        browser.awaitTrue(() -> browser.text("#stream-summary").matches("\\d+ streams on \\d+ manifolds.*"));
        browser.screenshot("console-secure-operator");

        browser.open(barker.urls.get("Barker page"));
        browser.await("#login-user").sendKeys("ark3");
        browser.await("#login-password").sendKeys("woof");
        browser.await("#login-send").click();
        browser.awaitTrue(() -> browser.text("#login-result.refused").equals("wrong user or password"));
        browser.screenshot("barker-login-refused");
        browser.await("#login-password").clear();
        browser.await("#login-password").sendKeys(password);
        browser.await("#login-send").click();
        browser.await("body[data-inbox='live']");
        browser.await("li.bark");
        browser.screenshot("barker-page-secure");
      }
    }
  }

  private static void answerPrompt(Browser browser, String answer) {
    browser.awaitTrue(() -> {
      try {
        browser.driver().switchTo().alert().sendKeys(answer);
        browser.driver().switchTo().alert().accept();
        return true;
      } catch (NoAlertPresentException notYet) {
        return false;
      }
    });
  }

  /** {@code operation} on the inbox's streams, asked of its management node as {@code user} over TLS. */
  private static Requester.Response manage(TestLoop loop, String user, String password, Tls trust, String[] instance,
      String operation) throws Exception {
    Linker linker = loop.call(() -> new Linker(loop.vertx(), new LinkerOptions()
        .engine(new EngineOptions().login(user, password).tls(trust))));
    try {
      return loop.call(() -> new Requester(linker, instance[0], Integer.parseInt(instance[1])))
          .request(operation, "stream", "/inbox/ark3", Map.of()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      linker.close();
    }
  }

  private static HttpResponse<String> post(HttpClient client, String url, String json) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(json))
        .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
  }

  /** TLS that trusts the launch's self-signed certificate. */
  private static SSLContext trusting(Path certificate) throws Exception {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    try (InputStream pem = Files.newInputStream(certificate)) {
      trusted.setCertificateEntry("barker", CertificateFactory.getInstance("X.509").generateCertificate(pem));
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
