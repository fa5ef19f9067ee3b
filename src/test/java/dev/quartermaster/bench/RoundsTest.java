package dev.quartermaster.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Warm-up and measured rounds: which round is cold, which is the median, who gets the profile and the progress. */
class RoundsTest {

    /** A round as a benchmark would return it: its number, its speed, its fingerprint and whether it was profiled. */
    record Round(int number, double speed, String fingerprint, boolean profiled) {}

    @Test
    void theFirstWarmUpRoundIsColdTheMedianSpeaksAndOnlyTheLastMeasuredRoundIsProfiled() {
        double[] speeds = {10, 50, 70, 30, 90};
        List<String> said = new ArrayList<>();
        int[] calls = {0};
        Rounds.Outcome<Round> o = Rounds.run(2, 3, Path.of("x.jfr"), said::add, (profile, progress) -> {
            int n = calls[0]++;
            progress.accept("inside round " + n);
            return new Round(n, speeds[n], "same", profile != null);
        }, Round::speed, Round::fingerprint, "decided");

        assertThat(o.cold().number()).isZero();
        assertThat(o.speeds()).containsExactly(70.0, 30.0, 90.0);
        assertThat(o.median().number()).as("70 is the median of 70, 30 and 90").isEqualTo(2);
        assertThat(o.last().number()).isEqualTo(4);
        assertThat(o.last().profiled()).isTrue();
        assertThat(o.median().profiled()).isFalse();
        assertThat(said).containsExactly("warm-up round 1 of 2 (not measured)", "warm-up round 2 of 2 (not measured)",
                "measured round 1 of 3", "inside round 2", "measured round 2 of 3", "measured round 3 of 3");
    }

    @Test
    void withoutWarmUpThereIsNoColdRoundAndOneRoundIsItsOwnMedian() {
        Rounds.Outcome<Round> o = Rounds.run(0, 1, null, line -> {}, (profile, progress) -> new Round(0, 5, "a", false),
                Round::speed, Round::fingerprint, "decided");
        assertThat(o.cold()).isNull();
        assertThat(o.median()).isSameAs(o.last());
        assertThat(o.speeds()).containsExactly(5.0);
    }

    @Test
    void ofAnEvenNumberOfRoundsTheSlowerOfTheMiddleTwoSpeaks() {
        double[] speeds = {40, 10, 30, 20};
        int[] calls = {0};
        Rounds.Outcome<Round> o = Rounds.run(0, 4, null, line -> {}, (profile, progress) -> {
            int n = calls[0]++;
            return new Round(n, speeds[n], "a", false);
        }, Round::speed, Round::fingerprint, "decided");
        assertThat(o.median().speed()).isEqualTo(20);
    }

    @Test
    void aRoundThatComesOutOtherwiseIsAnErrorOfDeterminism() {
        int[] calls = {0};
        assertThatThrownBy(() -> Rounds.run(1, 2, null, line -> {}, (profile, progress) -> {
            int n = calls[0]++;
            return new Round(n, 1, n == 2 ? "b" : "a", false);
        }, Round::speed, Round::fingerprint, "simulated"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("two rounds of the same seed simulated differently (fingerprint a, then b)");
    }
}
