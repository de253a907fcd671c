package dev.pancake.it;

import static dev.pancake.it.AdminHttp.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.pancake.testkit.ForkedJvm;
import dev.pancake.testkit.RedisExtension;
import dev.pancake.testkit.TestRedis;

/**
 * The admin page in a real headless Chromium (Debian's chromium and chromedriver), served by the
 * real agent jar, changing a real Redis. Saves a screenshot to target/screenshots/admin-page.png.
 */
@Tag("browser")
@ExtendWith(RedisExtension.class)
class AdminBrowserIT {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    static Stream<Path> jdks() {
        return ForkedJvm.jdks().stream();
    }

    private final TestRedis redis;
    private WebDriver browser;
    private Path profile;

    AdminBrowserIT(TestRedis redis) {
        this.redis = redis;
    }

    @BeforeEach
    void open() throws IOException {
        redis.flushAll();
        for (String binary : new String[] {CHROMIUM, CHROMEDRIVER}) {
            if (!Files.isExecutable(Paths.get(binary))) {
                throw new IllegalStateException(binary + " is missing: apt-get install chromium chromium-driver"
                        + " (.ci/run does this)");
            }
        }
        profile = Files.createTempDirectory("pancake-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,860", "--user-data-dir=" + profile);
        // Naming the driver keeps Selenium Manager (which would download one) out of the way.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void close() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void anOperatorChangesFlagsFromThePage(Path jdk) throws IOException {
        AdminPageIT.hostileOverride(redis);
        redis.set("SAMPLE:pancake:SEARCH_RANKING", "12.5");
        try (AgentApp app = AgentApp.on(jdk).config(AdminPageIT.config(redis, AdminPageIT.admin(TOKEN))).start()) {
            String url = AdminHttp.url(app);
            app.call("Shop#checkout");
            AdminHttp.await("the override is read", () -> AdminHttp.flag(url, "BETA_SEARCH", "flag")
                    .getAsJsonObject("overrides").getAsJsonObject("user").has(AdminPageIT.XSS));
            browser.get(url);
            assertEquals("Pancake flags", browser.getTitle());

            // a hostile id from Redis is shown as text, and nothing of it ran
            WebElement override = row("BETA_SEARCH").findElement(By.cssSelector(".override code"));
            assertEquals(AdminPageIT.XSS, override.getText());
            assertEquals(Boolean.TRUE, js("return window.pwned === undefined"));
            assertEquals("off", value("NEW_CHECKOUT"));
            assertEquals("12.5 %", value("SEARCH_RANKING"));

            // without the token: the server's 401 is shown, nothing changes
            click("NEW_CHECKOUT", "enable");
            awaitMessage("401 changes need the header Authorization: Bearer");
            assertNull(redis.get("SWITCH:pancake:NEW_CHECKOUT"));

            browser.findElement(By.id("token")).sendKeys(TOKEN);
            click("NEW_CHECKOUT", "enable");
            awaitMessage("switch NEW_CHECKOUT: enable done");
            AdminHttp.await("Redis has the switch on", () -> "1".equals(redis.get("SWITCH:pancake:NEW_CHECKOUT")));
            awaitValue("NEW_CHECKOUT", "on");
            assertEquals("= String:new checkout", app.call("Shop#checkout"));

            WebElement percent = row("SEARCH_RANKING").findElement(By.name("percent"));
            percent.clear();
            percent.sendKeys("42.5");
            click("SEARCH_RANKING", "set");
            awaitMessage("sample SEARCH_RANKING: set 42.5 % done");
            assertEquals("42.5", redis.get("SAMPLE:pancake:SEARCH_RANKING"));
            awaitValue("SEARCH_RANKING", "42.5 %");

            new Select(row("BETA_SEARCH").findElement(By.name("group"))).selectByVisibleText("user");
            row("BETA_SEARCH").findElement(By.name("id")).sendKeys("alice");
            click("BETA_SEARCH", "enable-group");
            awaitMessage("flag BETA_SEARCH: enable-group for user alice done");
            assertEquals("1", redis.get("FLAG:pancake:k:user:BETA_SEARCH:alice"));
            wait(Duration.ofSeconds(20)).until(d -> row("BETA_SEARCH").getText().contains("alice on"));
            screenshot();

            // the token stays in this tab's sessionStorage, never in the page
            browser.navigate().refresh();
            assertEquals(TOKEN, js("return sessionStorage.getItem('pancake.admin.token')"));
            assertFalse(browser.getPageSource().contains(TOKEN));

            // a wrong token: the 403 message, and Redis keeps its value
            WebElement token = browser.findElement(By.id("token"));
            token.clear();
            token.sendKeys("not-the-token");
            click("NEW_CHECKOUT", "disable");
            awaitMessage("403 the token is wrong");
            assertEquals("1", redis.get("SWITCH:pancake:NEW_CHECKOUT"));
            assertEquals("on", value("NEW_CHECKOUT"));
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void theHistoryFleetAndCleanUpPanelsShowWhatRedisKnows(Path jdk) throws IOException {
        redis.set("SWITCH:pancake:OLD_BANNER", "1"); // declared by no instance: an orphan
        // the namespace's heartbeats began 40 days ago: a declared flag never evaluated since is unused
        redis.command("HSET", "PANCAKE:pancake:evaluated", "(since)",
                Long.toString(System.currentTimeMillis() - 40L * 86_400_000L));
        String admin = "app: storefront\nadmin:\n  port: 0\n  tokens:\n    alice: " + TOKEN + "\n";
        try (AgentApp app = AgentApp.on(jdk).config(AdminPageIT.config(redis, admin)).start()) {
            String url = AdminHttp.url(app);
            browser.get(url);
            browser.findElement(By.id("token")).sendKeys(TOKEN);
            browser.findElement(By.id("reason")).sendKeys("ticket 42");
            click("NEW_CHECKOUT", "enable");
            awaitMessage("switch NEW_CHECKOUT: enable done");

            // the overall history: who (the token's name), how, why
            wait(Duration.ofSeconds(20)).until(d -> !d.findElements(By.cssSelector("#history tr.entry")).isEmpty());
            WebElement entry = browser.findElement(By.cssSelector("#history tr.entry"));
            assertEquals("alice", entry.findElement(By.cssSelector(".actor")).getText());
            assertEquals("admin", entry.findElement(By.cssSelector(".via")).getText());
            assertEquals("ticket 42", entry.findElement(By.cssSelector(".reason")).getText());
            assertTrue(entry.getText().contains("enable: (absent) -> 1"), entry.getText());

            // the flag's own history, under its name
            WebElement own = row("NEW_CHECKOUT").findElement(By.cssSelector("details.flag-history"));
            own.findElement(By.tagName("summary")).click();
            assertTrue(own.getText().contains("alice via admin"), own.getText());
            assertTrue(row("SEARCH_RANKING").findElements(By.cssSelector("details.flag-history")).isEmpty());

            // the fleet: this JVM, by its app: name
            wait(Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("#fleet tr.instance")).stream()
                    .anyMatch(r -> r.getText().startsWith("storefront")));
            WebElement me = browser.findElement(By.cssSelector("#fleet tr.instance[data-pid='" + app.jvm().pid() + "']"));
            assertEquals("storefront", me.findElement(By.cssSelector(".app")).getText());

            // clean-up: the orphan with its command, and a badge on a declared flag nobody evaluated
            wait(Duration.ofSeconds(20)).until(d -> d.findElement(By.id("cleanup")).getText().contains("switch:OLD_BANNER"));
            WebElement orphan = browser.findElement(By.cssSelector("#cleanup tr.stale.orphan"));
            assertTrue(orphan.getText().contains("switch:OLD_BANNER"), orphan.getText());
            assertEquals("redis-cli DEL SWITCH:pancake:OLD_BANNER", orphan.findElement(By.cssSelector(".command")).getText());
            WebElement badge = row("SEARCH_RANKING").findElement(By.cssSelector(".badge.stale.unused"));
            assertEquals("unused", badge.getText());
            assertTrue(badge.getAttribute("title").contains("not evaluated by any instance"), badge.getAttribute("title"));
            screenshot("admin-panels.png");
        }
    }

    private WebElement row(String flag) {
        return browser.findElement(By.cssSelector("tbody[data-name='" + flag + "']"));
    }

    private String value(String flag) {
        return row(flag).findElement(By.cssSelector(".current .value")).getText();
    }

    private void click(String flag, String verb) {
        row(flag).findElement(By.cssSelector("button[data-verb='" + verb + "']")).click();
    }

    private void awaitMessage(String start) {
        wait(Duration.ofSeconds(20)).until(d -> d.findElement(By.id("message")).getText().startsWith(start));
    }

    private void awaitValue(String flag, String expected) {
        wait(Duration.ofSeconds(20)).until(d -> value(flag).equals(expected));
    }

    private WebDriverWait wait(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(browser, timeout);
        // the page re-renders its rows on every refresh: an element found a moment ago may be gone
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private void screenshot() throws IOException {
        screenshot("admin-page.png");
    }

    private void screenshot(String name) throws IOException {
        Path dir = Files.createDirectories(Paths.get("target", "screenshots"));
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
