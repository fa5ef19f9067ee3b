package dev.quartermaster.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * A benchmark's run repeated as JMH does: a few warm-up rounds unmeasured, so that what is measured is the code the JIT
 * compiled (as in a process that has been up a while), then a few measured rounds, of which the median speaks. Every
 * round must come out the same (the same seed): one that does not shows the code is not deterministic, an error.
 */
final class Rounds {

    /**
     * What the rounds gave: the first warm-up round (the cold one; null without warm-up), the measured round of median
     * speed (of an even number, the slower of the middle two), the speed of each measured round in the order run, and
     * the last measured round (the profiled one).
     */
    record Outcome<R>(R cold, R median, List<Double> speeds, R last) {}

    /** Where the rounds that report nothing report. */
    private static final Consumer<String> NOWHERE = line -> {};

    private Rounds() {}

    /**
     * Runs {@code round} {@code warmup} times unmeasured, then {@code rounds} times measured; {@code round} takes the
     * profile file (given to the last measured round only, and only when not null) and where to report progress (the
     * first measured round reports to {@code progress}, the others to nowhere). The median is chosen by {@code speed};
     * the other figures of the median round (CPU time, memory, a full pass) are that round's, not medians of their own.
     */
    static <R> Outcome<R> run(int warmup, int rounds, Path profile, Consumer<String> progress,
            BiFunction<Path, Consumer<String>, R> round, ToDoubleFunction<R> speed, Function<R, String> fingerprint,
            String verb) {
        R cold = null;
        String same = null;
        for (int i = 1; i <= warmup; i++) {
            progress.accept(String.format("warm-up round %d of %d (not measured)", i, warmup));
            R r = round.apply(null, NOWHERE);
            cold = cold == null ? r : cold;
            same = checkSame(same, fingerprint.apply(r), verb);
        }
        List<R> measured = new ArrayList<>();
        for (int i = 1; i <= rounds; i++) {
            progress.accept(String.format("measured round %d of %d", i, rounds));
            R r = round.apply(i == rounds ? profile : null, i == 1 ? progress : NOWHERE);
            same = checkSame(same, fingerprint.apply(r), verb);
            measured.add(r);
        }
        List<Double> speeds = measured.stream().map(speed::applyAsDouble).toList();
        R median = measured.stream().sorted(Comparator.comparingDouble(speed)).toList().get((measured.size() - 1) / 2);
        return new Outcome<>(cold, median, speeds, measured.get(measured.size() - 1));
    }

    /**
     * Checks a round's fingerprint against that of the rounds before it (null for the first) and returns it; two rounds
     * of the same seed that {@code verb} ("decided", "simulated") differently are an error.
     */
    private static String checkSame(String before, String now, String verb) {
        if (before != null && !before.equals(now)) {
            throw new IllegalStateException("two rounds of the same seed " + verb + " differently (fingerprint " + before
                    + ", then " + now + "): the code is not deterministic");
        }
        return now;
    }
}
