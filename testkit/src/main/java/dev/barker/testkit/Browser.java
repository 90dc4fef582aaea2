package dev.barker.testkit;

import dev.barker.manifold.Prerequisite;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's chromium and chromedriver, or {@code -Dchromium=} and
 * {@code -Dchromedriver=}) driven by Selenium, with a fresh profile. Tests call {@link #start()},
 * which skips them, saying why, where no browser is installed.
 */
public final class Browser implements AutoCloseable {

  private static final File CHROMIUM = new File(System.getProperty("chromium", "/usr/bin/chromium"));
  private static final File CHROMEDRIVER = new File(System.getProperty("chromedriver", "/usr/bin/chromedriver"));
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final ChromeDriverService service;
  private final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriverService service, ChromeDriver driver, Path profile) {
    this.service = service;
    this.driver = driver;
    this.profile = profile;
  }

  /** Starts Chromium, or skips the calling test when it is not installed. */
  public static Browser start() {
    Prerequisite.assume(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
        "no " + CHROMIUM + " or " + CHROMEDRIVER + ": apt-get install -y chromium chromium-driver");
    try {
      Path profile = Files.createTempDirectory("chromium-profile");
      ChromeDriverService service = new ChromeDriverService.Builder()
          .usingDriverExecutable(CHROMEDRIVER).usingAnyFreePort().build();
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM);
      options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--disable-dev-shm-usage", "--window-size=1000,800", "--user-data-dir=" + profile,
          "--ignore-certificate-errors"); // the self-signed certificates tests make
      return new Browser(service, new ChromeDriver(service, options), profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Opens {@code url}. */
  public void open(String url) {
    driver.get(url);
  }

  /** Waits until an element matches {@code css}, and returns it. */
  public WebElement await(String css) {
    return new WebDriverWait(driver, WAIT).until(d -> d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null));
  }

  /** Waits until {@code check} holds. */
  public void awaitTrue(Supplier<Boolean> check) {
    new WebDriverWait(driver, WAIT).until(d -> check.get());
  }

  /** The elements matching {@code css} now. */
  public List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** The text of the first element matching {@code css} now ("" when none): read in the page, so never stale. */
  public String text(String css) {
    Object text = driver.executeScript("const e = document.querySelector(arguments[0]); return e ? e.textContent : '';", css);
    return String.valueOf(text);
  }

  /** Clicks the first element matching {@code css}, found and clicked in the page at once (rows redrawn each second are never stale). */
  public void click(String css) {
    await(css);
    driver.executeScript("document.querySelector(arguments[0]).click();", css);
  }

  /** Runs {@code script} in the page and returns what it returns. */
  public Object script(String script, Object... arguments) {
    return driver.executeScript(script, arguments);
  }

  /** The page's driver, for anything else. */
  public ChromeDriver driver() {
    return driver;
  }

  /** Saves a screenshot as {@code target/screenshots/name.png} and returns its path. */
  public Path screenshot(String name) {
    try {
      Path file = Path.of("target", "screenshots", name + ".png");
      Files.createDirectories(file.getParent());
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      System.out.println("screenshot: " + file.toAbsolutePath());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Saves a screenshot of the whole page (the window grown to its height for a moment), as {@link #screenshot} does. */
  public Path screenshotOfWholePage(String name) {
    Dimension window = driver.manage().window().getSize();
    Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight;");
    driver.manage().window().setSize(new Dimension(window.getWidth(), Math.max(window.getHeight(), height.intValue() + 120)));
    try {
      return screenshot(name);
    } finally {
      driver.manage().window().setSize(window);
    }
  }

  @Override
  public void close() {
    driver.quit();
    service.stop();
    try (var files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
