package io.roam.scenarios.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roam.scenarios.client.ApiResponse;
import io.roam.scenarios.client.SpokeClient;
import io.roam.scenarios.topology.EmccSites;
import io.roam.scenarios.topology.RunningTopology;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The operators' pages in a real browser: Debian's headless chromium driven by Debian's
 * chromedriver (nothing is downloaded), against the shared running topology. The page is read
 * through small scripts rather than element handles, because it redraws itself every second.
 */
@ExtendWith(SharedTopology.class)
class DashboardIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String INSTALL = "install Debian's browser and driver: apt-get install -y chromium chromium-driver";
    private static final Path SCREENSHOT = Path.of("target", "dashboard.png");

    /** Home cluster-2 (hub-a), a superuser, logs in at cluster-3 (hub-b); watched on cluster-1's dashboard. */
    private static final String USER = "wanda";
    private static final String PIN = "8642";
    private static final String DN = "2000009";
    private static final String DEVICE = "SEPDA5B0A4D0003";
    private static final String EMCC_USER = "xena";
    private static final String EMCC_DN = "2000010";
    private static final String EMCC_DEVICE = "SEPDA5B0A4D0033";

    /** Debian's chromium is newer than the DevTools versions Selenium ships; the page needs none of them. */
    private static final Logger DEVTOOLS_LOG = Logger.getLogger("org.openqa.selenium.devtools");

    private static ChromeDriver browser;
    private static Path profile;

    @BeforeAll
    static void openBrowser() throws IOException {
        assertThat(Files.isExecutable(CHROMIUM)).as("%s is missing: %s", CHROMIUM, INSTALL).isTrue();
        assertThat(Files.isExecutable(CHROMEDRIVER)).as("%s is missing: %s", CHROMEDRIVER, INSTALL).isTrue();
        DEVTOOLS_LOG.setLevel(Level.SEVERE);
        // Both paths given, so Selenium Manager never runs (it would try to download a driver).
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        Files.createDirectories(Path.of("target"));
        profile = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "chromium-profile-");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(new File("target/chromedriver.log"))
                .build();
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run", "--window-size=1400,1500", "--user-data-dir=" + profile);
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
    }

    @AfterAll
    static void closeBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void spokeDashboardShowsEveryClusterAndALoginMadeAtAnotherClusterWithinSeconds(RunningTopology topology)
            throws IOException {
        SpokeClient watched = topology.spoke("cluster-1");
        SpokeClient home = topology.spoke("cluster-2");
        SpokeClient visited = topology.spoke("cluster-3");
        home.provisionUser(USER, PIN, List.of(DN), true).requireOk("provision " + USER);
        visited.configureDevice(DEVICE, true).requireOk(USER + "'s device");
        // A superuser logs in away from home once its credentials have replicated there.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(visited.route(DN).text("target")).as("cluster-3 routes %s to", DN).isEqualTo("cluster-2"));

        browser.get(watched.baseUrl() + "/dashboard.html");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(text("#cluster")).isEqualTo("cluster-1");
            assertThat(clusterStates()).as("clusters on the topology")
                    .containsOnlyKeys(topology.clusterIds().toArray(String[]::new))
                    .containsEntry("cluster-1", "local")
                    .containsEntry("cluster-2", "up").containsEntry("cluster-3", "up").containsEntry("cluster-4", "up");
            assertThat(attribute("#clusters [data-cluster='cluster-4']", "data-hub")).isEqualTo("hub-b");
            assertThat(attribute("#health", "data-status")).isEqualTo("UP");
        });

        ApiResponse login = visited.login(DEVICE, USER, PIN);
        assertThat(login.status()).as("%s", login).isEqualTo(200);
        long loggedInAt = System.nanoTime();

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(moveOf(USER)).as("%s in the moves list", USER).containsEntry("to", "cluster-3")
                        .containsEntry("mode", "ROAMING"));
        System.out.printf("%s's login at cluster-3 on cluster-1's dashboard after %d ms%n", USER,
                Duration.ofNanos(System.nanoTime() - loggedInAt).toMillis());

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(Integer.parseInt(attribute("#lag-chart [data-origin='cluster-3']", "data-points")))
                    .as("lag points of cluster-3 on the chart").isPositive();
            assertThat(text("#map-digest")).as("map digest").isEqualTo(watched.replication().text("mapDigest"));
        });

        // An EMCC login: the phone at cluster-3, its calls to the user's home, cluster-2.
        home.provisionEmccUser(EMCC_USER, PIN, List.of(EMCC_DN), false).requireOk("provision " + EMCC_USER);
        visited.configureEmccDevice(EMCC_DEVICE, EmccSites.COUNTRY, EmccSites.city("cluster-3")).requireOk(EMCC_DEVICE);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(visited.login(EMCC_DEVICE, EMCC_USER, PIN, "EMCC").status()).as("%s's EMCC login", EMCC_USER)
                        .isEqualTo(200));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(moveOf(EMCC_USER)).as("%s in the moves list", EMCC_USER).containsEntry("to", "cluster-3")
                        .containsEntry("mode", "EMCC").containsEntry("registration", "cluster-2"));

        Files.write(SCREENSHOT, browser.getScreenshotAs(OutputType.BYTES));
        System.out.println("dashboard screenshot: " + SCREENSHOT.toAbsolutePath());
    }

    @Test
    void hubDashboardShowsItsRoleAndEveryClusterByHub(RunningTopology topology) {
        browser.get(topology.hub("hub-a").baseUrl() + "/dashboard.html");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(text("#hub-id")).isEqualTo("hub-a");
            assertThat(attribute("#role", "data-status")).isEqualTo("ACTIVE");
            assertThat(rows("#members [data-cluster]", "data-cluster", "data-hub")).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "cluster-1", "hub-a", "cluster-2", "hub-a", "cluster-3", "hub-b", "cluster-4", "hub-b"));
            assertThat(rows("#backlog [data-topic]", "data-topic", "data-topic")).containsKeys(
                    "ils.spoke.cluster-1.out", "ils.spoke.cluster-2.out", "ils.hub.hub-b.mesh");
        });
    }

    private static Object script(String js, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(js, args);
    }

    private static String text(String selector) {
        return (String) script("const e = document.querySelector(arguments[0]); return e ? e.textContent : null;", selector);
    }

    private static String attribute(String selector, String name) {
        return (String) script("const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;",
                selector, name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> clusterStates() {
        return (Map<String, String>) script("""
                return Object.fromEntries([...document.querySelectorAll('#clusters [data-cluster]')]
                    .map(e => [e.dataset.cluster, e.dataset.state]));""");
    }

    /** For each element matched, one attribute's value keyed by another's. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> rows(String selector, String key, String value) {
        return (Map<String, String>) script("""
                return Object.fromEntries([...document.querySelectorAll(arguments[0])]
                    .map(e => [e.getAttribute(arguments[1]), e.getAttribute(arguments[2])]));""", selector, key, value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> moveOf(String user) {
        Object move = script("""
                const row = document.querySelector('#moves tr[data-user="' + arguments[0] + '"]');
                return row ? { from: row.dataset.from, to: row.dataset.to, mode: row.dataset.mode,
                               registration: row.dataset.registration } : {};""", user);
        return (Map<String, String>) move;
    }
}
