package dev.quartermaster.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quartermaster.server.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import dev.quartermaster.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in a real headless Chromium against the shared test server: log in, submit through the API, watch
 * the workload appear, run and its pool's usage change, follow its timeline live, read a contract's burn-down and
 * the cost, open a report; a viewer cannot cancel and a member sees only its team. Each page is saved as a
 * screenshot in target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

    private static Browser browser;
    private static String url;

    @BeforeAll
    static void start() {
        if (Browser.installed()) {
            url = TestServer.url();
            browser = Browser.start();
        } else {
            System.err.println("DashboardBrowserTest: " + Browser.missing());
        }
    }

    /** Each test is reported skipped, with the reason, when there is no browser to drive. */
    @BeforeEach
    void needsTheBrowser() {
        Browser.assumeInstalled();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @AfterEach
    void noScriptErrors() {
        if (browser != null) {
            assertThat(browser.consoleErrors()).as("errors in the browser's console").isEmpty();
        }
    }

    private static String workload(String name, String team, int gpus, String duration) {
        return "name: " + name + "\nteam: " + team + "\nkind: batch\ngpus: " + gpus + "\naccelerators: { H100: 1.0 }\nwork: { duration: " + duration + " }\n";
    }

    private static HttpResponse<String> call(String method, String path, String token, String yaml) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + token)
                .method(method, yaml == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(yaml));
        if (yaml != null) {
            request.header("Content-Type", "application/yaml");
        }
        return TestServer.send(request.build());
    }

    private static String submit(String yaml) {
        HttpResponse<String> response = call("POST", "/api/v1/workloads", TestServer.adminToken(), yaml);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return response.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
    }

    /** The pool a workload was dispatched to, once it has been. */
    private static String poolOf(String id) {
        return browser.until(d -> {
            String body = call("GET", "/api/v1/workloads/" + id, TestServer.adminToken(), null).body();
            return body.contains("\"pool\":\"") ? body.replaceAll("(?s).*\"dispatches\":\\[\\{[^]]*?\"pool\":\"([^\"]+)\".*", "$1") : null;
        });
    }

    private static Map<String, Long> usedPerPool() {
        browser.await("table.pools tr[data-pool]");
        return browser.until(d -> {
            Map<String, Long> used = new HashMap<>();
            for (WebElement row : d.findElements(By.cssSelector("table.pools tr[data-pool]"))) {
                used.put(row.getAttribute("data-pool"), Long.parseLong(row.getAttribute("data-used")));
            }
            return used;
        });
    }

    @Test
    @Order(1)
    void anAdminLogsInAndSeesTheFleet() {
        browser.logIn(url, TestServer.adminToken());
        assertThat(browser.find("#whoami").getText()).contains("admin");
        browser.await("#heatmap table.heatmap");
        assertThat(browser.text("#pools")).contains("ai-cloud-eu-north", "Tier: in-house", "healthy");
        assertThat(usedPerPool()).containsKey("ai-cloud-eu-north/b200");
        assertThat(browser.text("#card-committed")).contains("16,384 committed");
    }

    @Test
    @Order(2)
    void aSubmittedWorkloadAppearsRunsAndItsPoolsUsageChanges() {
        browser.logIn(url, TestServer.adminToken());
        browser.open(url + "/#/fleet");
        Map<String, Long> before = usedPerPool();
        // A thousand hours of work: about 17 minutes at 3600x, so it is still running while the test looks.
        String id = submit(workload("browser-long-run", "ads-ranking", 64, "1000h"));
        String pool = poolOf(id);
        String row = "table.pools tr[data-pool='" + pool + "']";
        long expected = before.getOrDefault(pool, 0L) + 64;
        browser.until(d -> Long.parseLong(browser.attribute(row, "data-used")) >= expected ? true : null);
        browser.screenshot("fleet");

        browser.open(url + "/#/workloads");
        String running = "#running tr[data-id='" + id + "'][data-state='running']";
        browser.await(running);
        assertThat(browser.text(running)).contains("browser-long-run", "ads-ranking", pool);
        browser.screenshot("workloads");

        browser.find("#running tr[data-id='" + id + "'] a").click();
        browser.await("#timeline li[data-to='running']");
        browser.until(d -> browser.text("#live").equals("live") ? true : null);
        assertThat(browser.text("#workload-info")).contains(pool);
        // Cancelled through the API, not the page: only the live stream can bring the new step.
        assertThat(call("POST", "/api/v1/workloads/" + id + "/cancel", TestServer.adminToken(), null).statusCode()).isEqualTo(200);
        browser.await("#timeline li[data-to='cancelled']");
        browser.until(d -> browser.text("#live").equals("ended") ? true : null);
        browser.await("#workload-info .page-head [data-state='cancelled']");
        assertThat(browser.driver.findElements(By.cssSelector("#cancel"))).isEmpty();
        browser.screenshot("workload");
        browser.open(url + "/#/fleet");
        browser.until(d -> Long.parseLong(browser.attribute(row, "data-used")) == before.getOrDefault(pool, 0L) ? true : null);
    }

    @Test
    @Order(3)
    void finishedWorkShowsItsCostAndTheCostPageGroupsIt() {
        browser.logIn(url, TestServer.adminToken());
        String id = submit(workload("browser-short-run", "data-science", 8, "2h"));
        browser.until(d -> call("GET", "/api/v1/workloads/" + id, TestServer.adminToken(), null).body().contains("\"state\":\"succeeded\"") ? true : null);
        browser.open(url + "/#/workloads");
        String done = "#finished tr[data-id='" + id + "'][data-state='succeeded']";
        browser.await(done);
        assertThat(browser.text(done + " td.cost")).startsWith("$").isNotEqualTo("$0.00");

        browser.open(url + "/#/cost");
        browser.await("#cost tr[data-key='data-science']");
        assertThat(browser.text("#card-per-useful")).contains("$");
        assertThat(browser.find("#cost svg.cost-chart")).isNotNull();
        browser.screenshot("cost");
    }

    @Test
    @Order(4)
    void aContractsBurnDownShowsCommittedUsedAndIdleDollars() {
        browser.logIn(url, TestServer.adminToken());
        browser.find("#nav a[data-page='contracts']").click();
        browser.await("[data-contract='five-year-deal'] svg.burndown");
        assertThat(browser.attribute("[data-contract='five-year-deal'] svg.burndown", "aria-label")).contains("five-year-deal", "GPU-hours");
        assertThat(browser.text("[data-contract='five-year-deal']")).contains("Committed GPU-hours to date", "Used GPU-hours to date", "Idle committed dollars to date");
        browser.screenshot("contracts");
    }

    @Test
    @Order(5)
    void aReportWrittenBySimulateOpensInTheDashboard() {
        Path report = TestServer.reportsDirectory().resolve("browser-report.html");
        StringWriter out = new StringWriter();
        int exit = Main.run(new PrintWriter(out), new PrintWriter(out), "simulate", "--fleet", "examples/fleet.yaml", "--synthetic", "150",
                "--report", report.toString());
        assertThat(exit).as(out.toString()).isZero();
        browser.logIn(url, TestServer.adminToken());
        browser.open(url + "/#/reports");
        browser.await("#report-list a[href='#/reports/browser-report.html']").click();
        browser.driver.switchTo().frame(browser.await("iframe#report"));
        assertThat(browser.await("h1").getText()).containsIgnoringCase("simulation");
        browser.driver.switchTo().defaultContent();
        browser.screenshot("reports");
        assertThat(call("GET", "/api/v1/reports/..%2F..%2Fetc%2Fpasswd", TestServer.adminToken(), null).statusCode()).isIn(400, 404);
    }

    @Test
    @Order(6)
    void aViewerSeesWorkButCannotCancelIt() {
        String id = submit(workload("browser-viewed-run", "post-training", 8, "1000h"));
        String viewer = TestServer.token("viewer", null);
        browser.logIn(url, TestServer.adminToken());
        browser.logOut();
        browser.logIn(url, viewer);
        assertThat(browser.find("#whoami").getText()).contains("viewer");
        browser.open(url + "/#/workloads");
        String cancel = "tr[data-id='" + id + "'] button[data-cancel]";
        browser.await(cancel);
        assertThat(browser.attribute(cancel, "disabled")).isNotNull();
        assertThat(browser.attribute(cancel, "title")).contains("viewer cannot cancel");
        browser.screenshot("viewer");
        // And the server says no anyway.
        assertThat(call("POST", "/api/v1/workloads/" + id + "/cancel", viewer, null).statusCode()).isEqualTo(403);
        assertThat(call("POST", "/api/v1/workloads/" + id + "/cancel", TestServer.adminToken(), null).statusCode()).isEqualTo(200);
        browser.logOut();
    }

    @Test
    @Order(7)
    void aMemberSeesOnlyItsTeam() {
        String own = submit(workload("browser-member-own", "pretrain", 8, "1h"));
        String other = submit(workload("browser-member-other", "ads-ranking", 8, "1h"));
        browser.logIn(url, TestServer.token("member", "pretrain"));
        browser.open(url + "/#/workloads");
        browser.await("tr[data-id='" + own + "']");
        assertThat(browser.driver.findElements(By.cssSelector("tr[data-id='" + other + "']"))).isEmpty();
        assertThat(browser.find("#f-team").getText()).isEqualTo("pretrain");
        browser.logOut();
    }

    @Test
    @Order(8)
    void aBusyFleetAtAGlance() {
        // Work on several accelerators and tiers at once, for the picture in the README; cancelled afterwards.
        String[] ids = {
            submit("name: browser-pretrain\nteam: pretrain\nkind: training\ngpus: 4096\naccelerators: { B200: 2.2 }\nwork: { duration: 1000h }\n"),
            submit("name: browser-post-train\nteam: post-training\nkind: fine-tuning\ngpus: 256\naccelerators: { MI300X: 1.0 }\nwork: { duration: 1000h }\n"),
            submit("name: browser-ranking\nteam: ads-ranking\nkind: batch\ngpus: 512\naccelerators: { MTIA2: 1.0 }\nwork: { duration: 1000h }\n"),
            submit("name: browser-eval\nteam: data-science\nkind: batch\ngpus: 256\naccelerators: { H100: 1.0 }\nwork: { duration: 1000h }\n"),
            submit("name: browser-sweep\nteam: data-science\nkind: batch\ngpus: 256\naccelerators: { MI300X: 1.0 }\nwork: { duration: 1000h }\n"),
            // data-science's MI300X quota (256) is in use now: this one waits, and the queue says why.
            submit("name: browser-waiting\nteam: data-science\nkind: batch\ngpus: 64\naccelerators: { MI300X: 1.0 }\nwork: { duration: 10h }\n")};
        browser.logIn(url, TestServer.adminToken());
        browser.open(url + "/#/fleet");
        browser.until(d -> Long.parseLong(browser.attribute("table.pools tr[data-pool='ai-cloud-eu-north/b200']", "data-used")) >= 4096 ? true : null);
        browser.await("#card-committed");
        browser.screenshot("dashboard");
        browser.open(url + "/#/workloads");
        browser.await("#pending tr[data-id='" + ids[5] + "'] td.reason");
        browser.screenshot("queue");
        for (String id : ids) {
            call("POST", "/api/v1/workloads/" + id + "/cancel", TestServer.adminToken(), null);
        }
    }
}
