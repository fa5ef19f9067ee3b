package dev.quartermaster.sim.report;

import static dev.quartermaster.engine.TestFleets.fleet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.quartermaster.engine.TestFleets;
import dev.quartermaster.engine.TestWorkloads;
import dev.quartermaster.engine.policy.Policies;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.Tier;
import dev.quartermaster.sim.Arrival;
import dev.quartermaster.sim.ListSource;
import dev.quartermaster.sim.Simulation;
import dev.quartermaster.sim.Summary;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** The HTML report of a simulation: well-formed, self-contained, with its four charts, its numbers, and escaped text. */
class HtmlReportTest {

    static final Instant START = Instant.parse("2027-01-04T00:00:00Z");

    /**
     * Three tiers (16 in-house GPUs, 32 specialized under a 16-GPU contract, 32 spot GPUs) and two teams sending 150
     * jobs of 1 to 16 GPUs and 6 minutes to 12 hours over about two days.
     */
    static Summary simulate() {
        Fleet f = fleet()
                .provider("own", Tier.IN_HOUSE).cluster("dc", "us-west", "H100", 2, 2, 1.0).done()
                .provider("ai-cloud", Tier.SPECIALIZED).cluster("ai-eu", "eu-north", "H100", 4, 4, 6.0)
                .contract("deal", "ai-eu/h100", 16, 2.5).done()
                .provider("cloud", Tier.HYPERSCALER).cluster("aws", "us-east", TestFleets.spot("spot", "H100", 4, 3.0, 0.05)).done()
                .team("research", null, 2, TestFleets.quota("H100", 64)).team("product", null, 1, TestFleets.quota("H100", 64))
                .build();
        SplittableRandom random = new SplittableRandom(11);
        List<Arrival> arrivals = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            double hours = Math.exp(Math.log(0.1) + random.nextDouble() * Math.log(120));
            var w = TestWorkloads.workload("job-" + i).team(i % 3 == 0 ? "product" : "research").gpus(1 << random.nextInt(5))
                    .hours(hours).checkpointEvery(Duration.ofMinutes(30)).build();
            arrivals.add(new Arrival(START.plusSeconds((long) (i * 0.3 * 3600)), w.name(), w));
        }
        return new Simulation(f, Policies.byName("fair"), new ListSource("three tiers & two teams", arrivals), START,
                Simulation.Options.seed(7), r -> {}).run(line -> {});
    }

    @Test
    void pageOfARealSimulationIsWellFormedSelfContainedAndHasTheFourCharts() throws Exception {
        Summary s = simulate();
        String html = HtmlReport.render(s);
        Path example = Path.of("target", "report-example.html");
        Files.createDirectories(example.getParent());
        Files.writeString(example, html);

        Document page = parse(html);
        NodeList svgs = page.getElementsByTagName("svg");
        assertThat(svgs.getLength()).isEqualTo(4);
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < svgs.getLength(); i++) {
            Element svg = (Element) svgs.item(i);
            assertThat(svg.getAttribute("role")).isEqualTo("img");
            Element title = (Element) svg.getElementsByTagName("title").item(0);
            Element desc = (Element) svg.getElementsByTagName("desc").item(0);
            assertThat(svg.getAttribute("aria-labelledby")).isEqualTo(title.getAttribute("id") + " " + desc.getAttribute("id"));
            assertThat(desc.getTextContent()).isNotBlank();
            titles.add(title.getTextContent());
            assertThat(svg.getElementsByTagName("path").getLength()).as(title.getTextContent()).isPositive();
            assertThat(svg.getElementsByTagName("text").getLength()).as("ticks of " + title.getTextContent()).isGreaterThan(8);
        }
        assertThat(titles).containsExactly(SummaryCharts.JCT_TITLE, SummaryCharts.GPUS_TITLE, SummaryCharts.COST_TITLE,
                SummaryCharts.COMMITMENT_TITLE);
        assertThat(html).contains("Job completion time (CDF)", "GPUs in use by tier", "Cost rate over time", "Commitments");
        // The JCTs span 6 minutes to over 12 hours: a log axis.
        assertThat(html).contains("log scale");
        // Every tier ran work, so each is in the stacked chart's legend.
        assertThat(html).contains(">in-house</text>", ">specialized</text>", ">hyperscaler</text>");

        assertThat(html).doesNotContainIgnoringCase("http://").doesNotContainIgnoringCase("https://")
                .doesNotContainIgnoringCase("<script").doesNotContain("src=").doesNotContain("href=")
                .doesNotContain("@import").doesNotContain("url(");
        assertThat(page.getElementsByTagName("style").getLength()).isEqualTo(1);
        assertThat(page.getElementsByTagName("table").getLength()).isEqualTo(6);
        assertThat(html).contains("Utilization by pool");
    }

    @Test
    void numbersOfTheSummaryAreOnThePage() {
        Summary s = simulate();
        assertThat(s.completed()).isPositive();
        assertThat(s.committedUtilization()).isPositive();
        String html = HtmlReport.render(s);
        assertThat(html).contains(
                String.format(Locale.ROOT, "%,d submitted, %,d completed, %,d rejected, %,d unfinished", s.submitted(),
                        s.completed(), s.rejected(), s.unfinished()),
                f("%.2f", s.jctHours().mean()), f("%.2f", s.jctHours().p50()), f("%.2f", s.jctHours().p95()),
                f("%.2f", s.jctHours().p99()), f("%.2f", s.waitHours().mean()), f("%.2f", s.waitHours().p95()),
                f("%.1f h", s.makespanHours()), f("%,.0f", s.gpuHours()), f("%,.0f lost", s.lostGpuHours()),
                f("%,d preemptions", s.preemptions()), Html.dollars(s.cost()),
                f("$%.2f per useful GPU-hour", s.costPerUsefulGpuHour()),
                f("%.1f%% used", 100 * s.committedUtilization()), Html.dollars(s.idleCommittedDollars()) + " idle",
                f("%.3f", s.fairness()), f("%,d events", s.events()));
        for (Map<String, Double> costs : List.of(s.costByTier(), s.costByProvider(), s.costByTeam())) {
            costs.forEach((name, cost) -> assertThat(html).contains(">" + name + "<").contains(Html.dollars(cost)));
        }
        s.tierUtilization().values().forEach(u -> assertThat(html).contains(f("%.1f%%", 100 * u)));
    }

    @Test
    void textIsEscapedAndNumbersReadAsInTheTerminal() throws Exception {
        Map<String, Double> byTeam = new LinkedHashMap<>();
        byTeam.put("<script>alert('x')</script>", 100.0);
        byTeam.put("R&D \"core\"", 12_245.678);
        Summary s = new Summary("fair", "trace <b>&</b>", 3, 10, 8, 1, 1,
                new Summary.Stats(8, 1.5, 1.25, 3.0, 3.5, 4.0), new Summary.Stats(9, 0.25, 0.0, 1.0, 1.0, 1.0),
                new Summary.Stats(8, 1.1, 1.0, 1.5, 2.0, 2.5), 12.34,
                4321.5, 21.0, 2, 12_345.678, 2.8712, Map.of("specialized", 12_345.678), Map.of("A&B <cloud>", 12_345.678),
                byTeam, Map.of("specialized", 0.756), Map.of("ai-eu/h100", 0.5), 0.756, 1_234_567, 0.93456, 54_321, 0.5,
                new double[] {0.5, 1, 4}, new Summary.Series(new double[] {0, 1, 2}, Map.of("specialized", new double[] {8, 16, 0}),
                        new double[] {40, 80, 40}, new double[] {16, 16, 16}, new double[] {8, 16, 0}));
        String html = HtmlReport.render(s);
        parse(html);
        assertThat(html).doesNotContain("<script").doesNotContain("<b>&")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", "R&amp;D &quot;core&quot;", "A&amp;B &lt;cloud&gt;",
                        "trace &lt;b&gt;&amp;&lt;/b&gt;");
        assertThat(html).contains("10 submitted", "$12.3K", "$2.87 per useful GPU-hour", "75.6% used",
                "$1.23M idle", "0.935", "12.3 h", "4,322 (21 lost, 2 preemptions)", "54,321 events in 0.50 s", "1.50", "3.50");
        // Three samples of a short run: hours on the time axis; one tier in use, so one band in the legend.
        assertThat(html).contains("simulated time (hours)").contains(">specialized</text>").doesNotContain(">in-house</text>");
    }

    @Test
    void anEmptyRunStillMakesAPage() throws Exception {
        Summary s = new Summary("fifo", "nothing", 1, 0, 0, 0, 0, Summary.Stats.of(new double[0], 0),
                Summary.Stats.of(new double[0], 0), Summary.Stats.of(new double[0], 0), 0, 0, 0, 0, 0, 0, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), 0, 0, Double.NaN,
                0, 0, new double[0], new Summary.Series(new double[] {0}, Map.of("in-house", new double[] {0}), new double[] {0},
                        new double[] {0}, new double[] {0}));
        StringWriter out = new StringWriter();
        HtmlReport.write(s, out);
        Document page = parse(out.toString());
        assertThat(page.getElementsByTagName("svg").getLength()).isEqualTo(4);
        assertThat(out.toString()).contains("No workload completed", "No GPU was in use", "No commitment was active")
                .doesNotContain("NaN").doesNotContain("Infinity");
    }

    @Test
    void axesHaveRoundTicks() {
        Scale gpus = Scale.linear(0, 73, 5);
        assertThat(gpus.ticks()).containsExactly(0, 20, 40, 60, 80);
        assertThat(gpus.label(40)).isEqualTo("40");
        Scale fraction = Scale.linear(0, 1, 5);
        assertThat(fraction.ticks()).containsExactly(0, 0.25, 0.5, 0.75, 1);
        assertThat(fraction.label(0.5)).isEqualTo("0.50");
        Scale big = Scale.linear(0, 16_384, 5);
        assertThat(big.label(big.ticks()[1])).isEqualTo("5k");
        // Five decades and more: ticks at the powers of ten, and at an end only where its label has room.
        Scale log = Scale.log(0.07, 1300);
        assertThat(log.ticks()).containsExactly(0.1, 1, 10, 100, 1000);
        assertThat(Scale.log(0.3, 9000).ticks()).containsExactly(0.2, 1, 10, 100, 1000, 10000);
        assertThat(log.label(0.1)).isEqualTo("0.1");
        assertThat(log.label(1000)).isEqualTo("1k");
        assertThat(log.fraction(0.05)).isZero();
        assertThat(log.fraction(2000)).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Scale.log(0.12, 11.9).ticks()).containsExactly(0.1, 0.2, 0.5, 1, 2, 5, 10, 20);
    }

    /** Writes the example report as a PNG with headless Chromium where the machine has it, for a person to look at. */
    @Test
    void examplePictureWhereChromiumIsInstalled() throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        assumeThat(Files.isExecutable(chromium)).as("no /usr/bin/chromium").isTrue();
        Path html = Path.of("target", "report-example.html").toAbsolutePath();
        Files.createDirectories(html.getParent());
        Files.writeString(html, HtmlReport.render(simulate()));
        Path png = html.resolveSibling("report-example.png");
        Files.deleteIfExists(png);
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--window-size=1366,2000", "--screenshot=" + png, html.toUri().toString())
                .redirectErrorStream(true).redirectOutput(html.resolveSibling("report-example.chromium.log").toFile()).start();
        boolean done = p.waitFor(90, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        assumeThat(done && p.exitValue() == 0).as("chromium could not take the picture").isTrue();
        assertThat(png).isNotEmptyFile();
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static Document parse(String html) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setExpandEntityReferences(false);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(html)));
    }
}
