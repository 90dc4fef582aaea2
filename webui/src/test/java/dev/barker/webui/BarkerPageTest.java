package dev.barker.webui;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.bizlogic.Bizlogic;
import dev.barker.bizlogic.BizlogicOptions;
import dev.barker.manifold.TestNetwork;
import dev.barker.manifold.node.Manifold;
import dev.barker.model.Bark;
import dev.barker.model.Mailboxes;
import dev.barker.model.Users;
import dev.barker.model.UsersFile;
import dev.barker.testkit.Browser;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;

/** The Barker page in a real headless Chromium, speaking AMQP over WebSocket to real services. */
@Timeout(120)
class BarkerPageTest {

  @TempDir
  static Path data;

  private final TestNetwork network = new TestNetwork();
  private Browser browser;
  private Manifold inbox;
  private WebUi webUi;
  private Users users;

  @BeforeEach
  void start() {
    browser = Browser.start();
    users = UsersFile.loadOrCreate(data);
    inbox = network.manifold(network.manifoldOptions(Mailboxes.INBOX).history(25));
    network.manifold(network.manifoldOptions(Mailboxes.OUTBOX).push(network.address(Mailboxes.BIZLOGIC).toString()));
    BizlogicOptions bizlogic = new BizlogicOptions();
    bizlogic.service().port(0);
    bizlogic.barker().directory(network.directory().address()).data(data);
    network.loop().await(() -> Bizlogic.start(network.loop().vertx(), bizlogic).compose(Bizlogic::registered));
    WebUiOptions options = new WebUiOptions().httpPort(0);
    options.barker().directory(network.directory().address()).data(data);
    webUi = network.loop().await(() -> WebUi.start(network.loop().vertx(), options));
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.close();
    }
    network.close();
  }

  @Test
  void pageShowsABarkSentFromJavaToAnOutboxWithMentionsAndTagsMarked() {
    openAs("ark3");

    bark(new Bark("rdl", "woof woof @ark3 #subwoofer", "java-1"));

    WebElement bark = browser.await("li.bark[data-id='java-1']");
    assertEquals("rdl", bark.getAttribute("data-author"));
    assertEquals("@ark3", bark.findElement(org.openqa.selenium.By.cssSelector(".mention")).getText());
    assertEquals("#subwoofer", bark.findElement(org.openqa.selenium.By.cssSelector(".tag")).getText());
    browser.screenshot("barker-page-inbox");
  }

  @Test
  void barkTypedInThePageReachesAFollowersInbox() {
    String follower = users.followers("ark3").iterator().next();
    List<String> followerInbox = network.subscribe(Mailboxes.inbox(network.directory().address(), follower));
    openAs("ark3");
    browser.await("body[data-outbox='live']");

    browser.await("#text").sendKeys("hello from the browser @" + follower + " #subwoofer");
    browser.await("#send").click();

    browser.awaitTrue(() -> browser.await("#result").getText().startsWith("accepted: ark3-"));
    await().atMost(Duration.ofSeconds(30)).until(() -> followerInbox.stream()
        .anyMatch(body -> body.contains("hello from the browser @" + follower)));
    WebElement own = browser.await("li.bark.own");
    assertTrue(own.getText().contains("hello from the browser"), own.getText());
    browser.screenshot("barker-page-own-bark");
  }

  @Test
  void pageFollowsTheDirectorysRedirectAndSaysWhichInstanceServesIt() {
    openAs("ark3");

    String servedBy = browser.await("body[data-served-by]").getAttribute("data-served-by");

    assertEquals("127.0.0.1:" + inbox.port(), servedBy);
    assertTrue(browser.await("#status").getText().contains("served by 127.0.0.1:" + inbox.port()),
        browser.await("#status").getText());
  }

  private void openAs(String user) {
    browser.open(webUi.url() + "?user=" + user);
    browser.await("body[data-inbox='live']");
  }

  private void bark(Bark bark) {
    Future<Void> accepted = network.loop().call(() ->
        network.client().sender(Mailboxes.outbox(network.directory().address(), bark.user())).send(bark.toMessage()));
    await().until(accepted::succeeded);
  }
}
