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
import java.util.stream.Stream;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Weighted dominant fair share with half-life decay, the shares worked out by hand. */
class FairShareTest {

    static final Instant T0 = Instant.parse("2027-01-04T00:00:00Z");
    static final double EPSILON = 1e-9;

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
        return Stream.of(
                // Half-life 2 h, 32 H100. share = (GPUs now + decayed GPU-hours / 2 h) / 32.
                Arguments.of("8 GPUs for one half-life, then nothing", Duration.ofHours(2), List.of(
                        // 8 / 32
                        step(0, 0, 8, 0.25),
                        // decayed 0 x 0.5 + 8 x 2 = 16 GPU-h: (8 + 16/2) / 32 = 0.5; without the 8: 8 / 32
                        step(2, 0.5, 0, 0.25),
                        // 16 x 0.5 = 8 GPU-h: 4 / 32
                        step(4, 0.125, 0, 0.125),
                        // 4 GPU-h: 2 / 32
                        step(6, 0.0625, 0, 0.0625),
                        // 2 GPU-h: 1 / 32
                        step(8, 0.03125, 0, 0.03125),
                        // two half-lives more: 0.5 GPU-h: 0.25 / 32
                        step(12, 0.0078125, 0, 0.0078125))),
                Arguments.of("8 GPUs for two half-lives", Duration.ofHours(2), List.of(
                        step(0, 0, 8, 0.25),
                        // 8 x 4 = 32 GPU-h: (8 + 16) / 32
                        step(4, 0.75, 0, 0.5),
                        // 32 x 0.5 = 16 GPU-h: 8 / 32
                        step(6, 0.25, 0, 0.25))),
                Arguments.of("a half-life of a day", Duration.ofHours(24), List.of(
                        step(0, 0, 16, 0.5),
                        // 16 x 24 = 384 GPU-h: (16 + 384/24) / 32 = 1.0
                        step(24, 1.0, 0, 0.5),
                        // 384 x 0.5^(12/24) = 271.53 GPU-h: 271.53 / 24 / 32 = 0.353553...
                        step(36, 0.5 * Math.sqrt(0.5), 0, 0.5 * Math.sqrt(0.5)),
                        // 384 x 0.5^2 = 96 GPU-h: 96 / 24 / 32 = 0.125
                        step(72, 0.125, 0, 0.125))),
                // advance() adds the GPUs in use over the elapsed time undecayed and decays only what came before, so
                // the result depends on how often it is called. Hourly steps, half-life 2 h:
                Arguments.of("8 GPUs for one half-life in hourly steps", Duration.ofHours(2), List.of(
                        step(0, 0, 8, 0.25),
                        // 0 + 8 x 1 = 8 GPU-h: (8 + 4) / 32
                        step(1, 0.375, 8, 0.375),
                        // 8 x 0.5^0.5 + 8 = 13.657 GPU-h: (8 + 6.8284) / 32; in one step it was 16 GPU-h and 0.5
                        step(2, (8 + (8 * Math.sqrt(0.5) + 8) / 2) / 32, 0, (8 * Math.sqrt(0.5) + 8) / 2 / 32),
                        // 13.657 x 0.5 = 6.8284 GPU-h: 3.4142 / 32
                        step(4, (8 * Math.sqrt(0.5) + 8) / 4 / 32, 0, (8 * Math.sqrt(0.5) + 8) / 4 / 32))),
                // Dominant share over types: 32 H100, 16 B200.
                Arguments.of("from H100 to B200: the dominant type changes", Duration.ofHours(2), List.of(
                        new Step(0, 0, new int[] {8, 0, 0}, 0.25),
                        // H100: 16 GPU-h, (8 + 8) / 32 = 0.5; then H100 8 / 32 = 0.25, B200 6 / 16 = 0.375
                        new Step(2, 0.5, new int[] {0, 6, 0}, 0.375),
                        // H100: 8 GPU-h: 4 / 32 = 0.125; B200: 12 GPU-h: (6 + 6) / 16 = 0.75
                        new Step(4, 0.75, new int[] {0, 0, 0}, 0.375),
                        // H100: 4 GPU-h: 0.0625; B200: 6 GPU-h: 3 / 16 = 0.1875
                        new Step(6, 0.1875, new int[] {0, 0, 0}, 0.1875))),
                Arguments.of("a type the fleet has none of does not count", Duration.ofHours(2), List.of(
                        new Step(0, 0, new int[] {0, 0, 64}, 0),
                        new Step(2, 0, new int[] {2, 0, 64}, 2 / 32.0),
                        // H100: 4 GPU-h: (2 + 2) / 32
                        new Step(4, 4 / 32.0, new int[] {0, 0, 0}, 2 / 32.0))));
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
        // Each of a, b, c, d uses 8 H100 of 32: dominant share 0.25 now; after one 2 h half-life (8 + 8) / 32 = 0.5.
        return Stream.of(
                Arguments.of("a", 0, 1.0, 0.25, 0.5),
                Arguments.of("b", 1, 2.0, 0.125, 0.25),
                Arguments.of("c", 2, 0.5, 0.5, 1.0),
                Arguments.of("d", 3, 4.0, 0.0625, 0.125));
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
        assertThat(fair.share(0, ledger)).isCloseTo(0.5, within(EPSILON));
        fair.advance(at(2), ledger);
        fair.advance(at(1), ledger);
        assertThat(fair.share(0, ledger)).isCloseTo(0.5, within(EPSILON));
        // Time that ran backwards is not counted twice later: 2 h -> 4 h is one half-life again.
        use(ledger, 0, 0, 0, 0);
        fair.advance(at(4), ledger);
        assertThat(fair.share(0, ledger)).isCloseTo(0.125, within(EPSILON));
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
    @Disabled("bug: FairShare.java:26 computes halfLifeHours from halfLife.toSeconds(), so a positive half-life under"
            + " one second (accepted by the check on line 22) gives halfLifeHours 0 and share() divides by 0: NaN")
    void aSubSecondHalfLifeIsAcceptedAndMustStillGiveFiniteShares() {
        QuotaLedger ledger = new QuotaLedger(FLEET);
        FairShare fair = new FairShare(Duration.ofMillis(500), weights(), CAPACITY, T0);
        assertThat(fair.share(0, ledger)).isZero();
        use(ledger, 0, 8, 0, 0);
        fair.advance(at(1), ledger);
        assertThat(fair.share(0, ledger)).isFinite();
    }
}
