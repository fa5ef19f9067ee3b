package dev.quartermaster.engine.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.quartermaster.fleet.Accelerator;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.Quota;
import dev.quartermaster.fleet.SoftwareStack;
import dev.quartermaster.fleet.Team;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Weighted dominant fair share with half-life decay, the shares worked out by hand. */
class FairShareTest {

    static final Instant T0 = Instant.parse("2027-01-04T00:00:00Z");
    static final double EPSILON = 1e-9;
    static final double LN2 = Math.log(2);

    /** H100 (index 0), B200 (1), MI300X (2). */
    static final List<Accelerator> ACCELERATORS = List.of(
            new Accelerator("H100", "nvidia", SoftwareStack.CUDA, 80, 1.0),
            new Accelerator("B200", "nvidia", SoftwareStack.CUDA, 192, 2.2),
            new Accelerator("MI300X", "amd", SoftwareStack.ROCM, 192, 1.2));

    /** The fleet has 32 H100, 16 B200 and no MI300X. */
    static final double[] CAPACITY = {32, 16, 0};

    /** Teams a (weight 1), b (2), c (0.5), d (4): indexes 0..3. */
    static final Fleet FLEET = new Fleet(ACCELERATORS, List.of(), List.of(
            team("a", 1), team("b", 2), team("c", 0.5), team("d", 4)), List.of());

    static Team team(String name, double weight) {
        return new Team(name, null, weight, Map.of("H100", Quota.of(64), "B200", Quota.of(64), "MI300X", Quota.of(64)),
                null);
    }

    static double[] weights() {
        return FLEET.teams().stream().mapToDouble(Team::weight).toArray();
    }

    static Instant at(double hours) {
        return T0.plusMillis(Math.round(hours * 3_600_000));
    }

    /** Sets a team's usage per type to exactly {@code gpus}. */
    static void use(QuotaLedger ledger, int team, int... gpus) {
        for (int a = 0; a < gpus.length; a++) {
            int now = ledger.used(team, a);
            if (gpus[a] > now) {
                ledger.add(team, a, gpus[a] - now);
            } else if (gpus[a] < now) {
                ledger.remove(team, a, now - gpus[a]);
            }
        }
    }

    /**
     * At {@code hour}: advance, expect {@code before}; then team a uses {@code gpus} (H100, B200, MI300X) from then
     * on, expect {@code after}.
     */
    record Step(double hour, double before, int[] gpus, double after) {
        @Override
        public String toString() {
            return "at " + hour + " h: " + before + ", then " + Arrays.toString(gpus) + ": " + after;
        }
    }

    static Step step(double hour, double before, int h100, double after) {
        return new Step(hour, before, new int[] {h100, 0, 0}, after);
    }

    static Stream<Arguments> decay() {
        // Half-life H, interval of h hours, g GPUs held over it, d = 0.5^(h/H):
        //   decayed' = decayed x d + g x H/ln2 x (1 - d)    (GPU-hours, the interval's usage decayed exactly)
        //   share = (GPUs now + decayed / H) / 32 H100    (1/ln2 = 1.442695)
        // With H = 2 h, over one half-life (d = 0.5) g GPUs add g x 2/ln2 x 0.5 = g/ln2 GPU-h.
        return Stream.of(
                Arguments.of("8 GPUs for one half-life, then nothing", Duration.ofHours(2), List.of(
                        // 8 / 32
                        step(0, 0, 8, 0.25),
                        // decayed 0 x 0.5 + 8/ln2 = 11.5416 GPU-h: (8 + 11.5416/2) / 32 = (8 + 4/ln2) / 32 = 0.430337;
                        // without the 8: (4/ln2) / 32 = 0.180337
                        step(2, (8 + 4 / LN2) / 32, 0, 4 / LN2 / 32),
                        // 8/ln2 x 0.5 = 4/ln2 GPU-h: (2/ln2) / 32 = 0.090168
                        step(4, 2 / LN2 / 32, 0, 2 / LN2 / 32),
                        // 2/ln2 GPU-h: (1/ln2) / 32 = 0.045084
                        step(6, 1 / LN2 / 32, 0, 1 / LN2 / 32),
                        // 1/ln2 GPU-h: (0.5/ln2) / 32 = 0.022542
                        step(8, 0.5 / LN2 / 32, 0, 0.5 / LN2 / 32),
                        // two half-lives more: 0.25/ln2 GPU-h: (0.125/ln2) / 32 = 0.0056355
                        step(12, 0.125 / LN2 / 32, 0, 0.125 / LN2 / 32))),
                Arguments.of("8 GPUs for two half-lives", Duration.ofHours(2), List.of(
                        step(0, 0, 8, 0.25),
                        // d = 0.25: 8 x 2/ln2 x 0.75 = 12/ln2 = 17.3123 GPU-h: (8 + 6/ln2) / 32 = 0.520505;
                        // without the 8: (6/ln2) / 32 = 0.270505
                        step(4, (8 + 6 / LN2) / 32, 0, 6 / LN2 / 32),
                        // 12/ln2 x 0.5 = 6/ln2 GPU-h: (3/ln2) / 32 = 0.135253
                        step(6, 3 / LN2 / 32, 0, 3 / LN2 / 32))),
                Arguments.of("a half-life of a day", Duration.ofHours(24), List.of(
                        step(0, 0, 16, 0.5),
                        // d = 0.5: 16 x 24/ln2 x 0.5 = 192/ln2 = 276.997 GPU-h: (16 + 8/ln2) / 32 = 0.860674;
                        // without the 16: (8/ln2) / 32 = 0.360674
                        step(24, (16 + 8 / LN2) / 32, 0, 8 / LN2 / 32),
                        // 192/ln2 x 0.5^(12/24) = 195.867 GPU-h: (8/ln2 x sqrt(0.5)) / 32 = 0.255035
                        step(36, 8 / LN2 * Math.sqrt(0.5) / 32, 0, 8 / LN2 * Math.sqrt(0.5) / 32),
                        // 192/ln2 x 0.5^2 = 48/ln2 GPU-h: (2/ln2) / 32 = 0.090168
                        step(72, 2 / LN2 / 32, 0, 2 / LN2 / 32))),
                // The interval's usage decays within it, so hourly steps give what one step of 2 h gives (the first
                // row). Half-life 2 h, d = 0.5^(1/2) = sqrt(0.5) per hour:
                Arguments.of("8 GPUs for one half-life in hourly steps", Duration.ofHours(2), List.of(
                        step(0, 0, 8, 0.25),
                        // 8 x 2/ln2 x (1 - sqrt(0.5)) = 6.7609 GPU-h: (8 + 8/ln2 x (1 - sqrt(0.5))) / 32 = 0.355639
                        step(1, (8 + 8 / LN2 * (1 - Math.sqrt(0.5))) / 32, 8,
                                (8 + 8 / LN2 * (1 - Math.sqrt(0.5))) / 32),
                        // 6.7609 x sqrt(0.5) + 6.7609 = 16/ln2 x (1 - sqrt(0.5)) x (1 + sqrt(0.5)) = 16/ln2 x 0.5
                        // = 8/ln2 GPU-h, as in one step: (8 + 4/ln2) / 32; without the 8: (4/ln2) / 32
                        step(2, (8 + 4 / LN2) / 32, 0, 4 / LN2 / 32),
                        // 8/ln2 x 0.5 = 4/ln2 GPU-h: (2/ln2) / 32
                        step(4, 2 / LN2 / 32, 0, 2 / LN2 / 32))),
                // Dominant share over types: 32 H100, 16 B200.
                Arguments.of("from H100 to B200: the dominant type changes", Duration.ofHours(2), List.of(
                        new Step(0, 0, new int[] {8, 0, 0}, 0.25),
                        // H100: 8/ln2 GPU-h, (8 + 4/ln2) / 32 = 0.430337; then H100 (4/ln2) / 32 = 0.180337,
                        // B200 6 / 16 = 0.375
                        new Step(2, (8 + 4 / LN2) / 32, new int[] {0, 6, 0}, 0.375),
                        // H100: 4/ln2 GPU-h: (2/ln2) / 32 = 0.090168; B200: 6/ln2 = 8.6562 GPU-h: (6 + 3/ln2) / 16
                        // = 0.645505; then B200 (3/ln2) / 16 = 0.270505
                        new Step(4, (6 + 3 / LN2) / 16, new int[] {0, 0, 0}, 3 / LN2 / 16),
                        // H100: 2/ln2 GPU-h: (1/ln2) / 32 = 0.045084; B200: 3/ln2 GPU-h: (1.5/ln2) / 16 = 0.135253
                        new Step(6, 1.5 / LN2 / 16, new int[] {0, 0, 0}, 1.5 / LN2 / 16))),
                Arguments.of("a type the fleet has none of does not count", Duration.ofHours(2), List.of(
                        new Step(0, 0, new int[] {0, 0, 64}, 0),
                        new Step(2, 0, new int[] {2, 0, 64}, 2 / 32.0),
                        // H100: 2/ln2 = 2.8854 GPU-h: (2 + 1/ln2) / 32 = 0.107584; then (1/ln2) / 32 = 0.045084
                        new Step(4, (2 + 1 / LN2) / 32, new int[] {0, 0, 0}, 1 / LN2 / 32))));
    }

    static Stream<Arguments> splits() {
        // The same usage over the same time, advanced in one call or several, gives the same share (to rounding).
        return Stream.of(
                // 8 H100, half-life 2 h: (8 + 4/ln2) / 32 both ways
                Arguments.of("one advance over 2 h equals two advances of 1 h", Duration.ofHours(2), 8,
                        List.of(2.0), List.of(1.0, 2.0)),
                Arguments.of("one advance over 3 h equals uneven ones", Duration.ofHours(2), 8,
                        List.of(3.0), List.of(0.25, 1.0, 1.75, 3.0)),
                Arguments.of("a day in hourly advances, half-life a day", Duration.ofHours(24), 16,
                        List.of(24.0), IntStream.rangeClosed(1, 24).mapToObj(h -> (double) h).toList()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("splits")
    void theShareDoesNotDependOnHowOftenAdvanceIsCalled(String description, Duration halfLife, int h100,
            List<Double> once, List<Double> often) {
        QuotaLedger ledger = new QuotaLedger(FLEET);
        use(ledger, 0, h100, 0, 0);
        FairShare a = new FairShare(halfLife, weights(), CAPACITY, T0);
        FairShare b = new FairShare(halfLife, weights(), CAPACITY, T0);
        once.forEach(h -> a.advance(at(h), ledger));
        often.forEach(h -> b.advance(at(h), ledger));
        assertThat(b.share(0, ledger)).isCloseTo(a.share(0, ledger), within(1e-12));
        assertThat(a.share(0, ledger)).isGreaterThan(h100 / 32.0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decay")
    void decayByHalfLife(String description, Duration halfLife, List<Step> steps) {
        QuotaLedger ledger = new QuotaLedger(FLEET);
        FairShare fair = new FairShare(halfLife, weights(), CAPACITY, T0);
        for (Step s : steps) {
            fair.advance(at(s.hour()), ledger);
            assertThat(fair.share(0, ledger)).as(s + " before").isCloseTo(s.before(), within(EPSILON));
            use(ledger, 0, s.gpus());
            assertThat(fair.share(0, ledger)).as(s + " after").isCloseTo(s.after(), within(EPSILON));
            assertThat(fair.share(1, ledger)).as("an idle team").isZero();
        }
    }

    static Stream<Arguments> weighted() {
        // Each of a, b, c, d uses 8 H100 of 32: dominant share 0.25 now; after one 2 h half-life 8/ln2 GPU-h,
        // (8 + 4/ln2) / 32 = 0.430337, divided by the weight.
        double afterHalfLife = (8 + 4 / LN2) / 32;
        return Stream.of(
                Arguments.of("a", 0, 1.0, 0.25, afterHalfLife),
                // 0.215168
                Arguments.of("b", 1, 2.0, 0.125, afterHalfLife / 2),
                // 0.860674
                Arguments.of("c", 2, 0.5, 0.5, afterHalfLife / 0.5),
                // 0.107584
                Arguments.of("d", 3, 4.0, 0.0625, afterHalfLife / 4));
    }

    @ParameterizedTest(name = "team {0}, weight {2}: {3} now, {4} after a half-life")
    @MethodSource("weighted")
    void weightsDivideTheShare(String name, int team, double weight, double now, double afterHalfLife) {
        QuotaLedger ledger = new QuotaLedger(FLEET);
        FairShare fair = new FairShare(Duration.ofHours(2), weights(), CAPACITY, T0);
        for (int t = 0; t < 4; t++) {
            use(ledger, t, 8, 0, 0);
        }
        assertThat(FLEET.teams().get(team).weight()).isEqualTo(weight);
        assertThat(fair.share(team, ledger)).isCloseTo(now, within(EPSILON));
        fair.advance(at(2), ledger);
        assertThat(fair.share(team, ledger)).isCloseTo(afterHalfLife, within(EPSILON));
    }

    static Stream<Arguments> dominant() {
        // team, H100, B200, MI300X in use -> share; capacity 32 H100, 16 B200, 0 MI300X
        return Stream.of(
                Arguments.of(0, 0, 0, 0, 0.0),
                Arguments.of(0, 8, 0, 0, 0.25),
                Arguments.of(0, 0, 8, 0, 0.5),
                // the larger share, not the sum
                Arguments.of(0, 8, 8, 0, 0.5),
                Arguments.of(0, 16, 4, 0, 0.5),
                Arguments.of(0, 24, 4, 0, 0.75),
                Arguments.of(0, 4, 2, 0, 0.125),
                Arguments.of(0, 32, 16, 0, 1.0),
                // no MI300X in the fleet: not counted
                Arguments.of(0, 0, 0, 8, 0.0),
                Arguments.of(0, 2, 0, 8, 0.0625),
                // weight 2: max(8/32, 6/16) / 2
                Arguments.of(1, 8, 6, 0, 0.1875),
                // weight 0.5: max(8/32, 4/16) / 0.5
                Arguments.of(2, 8, 4, 0, 0.5));
    }

    @ParameterizedTest(name = "team {0} uses {1} H100, {2} B200, {3} MI300X: {4}")
    @MethodSource("dominant")
    void dominantShareAcrossTypes(int team, int h100, int b200, int mi300x, double share) {
        QuotaLedger ledger = new QuotaLedger(FLEET);
        FairShare fair = new FairShare(Duration.ofHours(2), weights(), CAPACITY, T0);
        use(ledger, team, h100, b200, mi300x);
        assertThat(fair.share(team, ledger)).isCloseTo(share, within(EPSILON));
    }

    @Test
    void noTimeOrTimeBackwardsChangesNothing() {
        QuotaLedger ledger = new QuotaLedger(FLEET);
        FairShare fair = new FairShare(Duration.ofHours(2), weights(), CAPACITY, T0);
        use(ledger, 0, 8, 0, 0);
        fair.advance(at(2), ledger);
        // 8/ln2 GPU-h: (8 + 4/ln2) / 32
        assertThat(fair.share(0, ledger)).isCloseTo((8 + 4 / LN2) / 32, within(EPSILON));
        fair.advance(at(2), ledger);
        fair.advance(at(1), ledger);
        assertThat(fair.share(0, ledger)).isCloseTo((8 + 4 / LN2) / 32, within(EPSILON));
        // Time that ran backwards is not counted twice later: 2 h -> 4 h is one half-life again, 4/ln2 GPU-h:
        // (2/ln2) / 32
        use(ledger, 0, 0, 0, 0);
        fair.advance(at(4), ledger);
        assertThat(fair.share(0, ledger)).isCloseTo(2 / LN2 / 32, within(EPSILON));
    }

    @Test
    void halfLifeMustBePositive() {
        assertThat(new FairShare(Duration.ofDays(7), weights(), CAPACITY, T0).halfLife()).isEqualTo(Duration.ofDays(7));
        assertThatThrownBy(() -> new FairShare(Duration.ZERO, weights(), CAPACITY, T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("halfLife must be positive, not PT0S");
        assertThatThrownBy(() -> new FairShare(Duration.ofHours(-1), weights(), CAPACITY, T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("halfLife must be positive");
    }

    @Test
    void aSubSecondHalfLifeIsAcceptedAndMustStillGiveFiniteShares() {
        QuotaLedger ledger = new QuotaLedger(FLEET);
        FairShare fair = new FairShare(Duration.ofMillis(500), weights(), CAPACITY, T0);
        assertThat(fair.share(0, ledger)).isZero();
        use(ledger, 0, 8, 0, 0);
        fair.advance(at(1), ledger);
        // 1 h is 7200 half-lives: d = 0.5^7200 = 0, decayed = 8 x H/ln2, decayed / H = 8/ln2: (8 + 8/ln2) / 32
        assertThat(fair.share(0, ledger)).isFinite().isCloseTo((8 + 8 / LN2) / 32, within(EPSILON));
    }
}
