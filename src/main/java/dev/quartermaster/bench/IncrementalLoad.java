package dev.quartermaster.bench;

import dev.quartermaster.engine.Decision;
import dev.quartermaster.engine.Engine;
import dev.quartermaster.engine.Event;
import dev.quartermaster.engine.policy.Policies;
import dev.quartermaster.fleet.Fleet;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The engine's incremental load at DESIGN.md's scale, shared by {@code qm bench engine} and the JMH suite: an engine
 * given {@code pending} workloads of {@link ScaleScenario}'s mix and two full passes (the fleet fills up), then events
 * one at a time: every {@code tickEvery}-th a scheduling cycle, else alternately a running workload finishing (one
 * drawn at random) and a new workload arriving. The same seed gives the same events and so the same decisions.
 */
public final class IncrementalLoad {

    /** A clock moved by hand. */
    static final class Clock implements InstantSource {
        Instant now = Instant.parse("2027-01-04T00:00:00Z");

        public Instant instant() {
            return now;
        }
    }

    /** The kinds of event, as {@link #kindOfLast()} tells them. */
    static final int TICK = 0;
    static final int FINISH = 1;
    static final int SUBMIT = 2;

    private final Engine engine;
    private final Clock clock;
    private final SplittableRandom random;
    private final List<Decision> firstPass;
    private final double firstPassMillis;
    private final double fullFleetPassMillis;
    private final List<String> running = new ArrayList<>();
    private final int tickEvery;
    private int next;
    private int events;
    private int kindOfLast;

    private IncrementalLoad(Engine engine, Clock clock, SplittableRandom random, int pending, int tickEvery) {
        this.engine = engine;
        this.clock = clock;
        this.random = random;
        this.next = pending;
        this.tickEvery = tickEvery;
        System.gc();   // the submissions' garbage is collected before the clock of the first pass starts
        long t0 = System.nanoTime();
        this.firstPass = engine.apply(new Event.Tick());
        this.firstPassMillis = (System.nanoTime() - t0) / 1e6;
        clock.now = clock.now.plusSeconds(1);
        long t1 = System.nanoTime();
        engine.apply(new Event.Tick());
        this.fullFleetPassMillis = (System.nanoTime() - t1) / 1e6;
        for (Decision d : firstPass) {
            if (d instanceof Decision.Place p) {
                running.add(p.id());
            }
        }
    }

    /** A fresh engine on a generated fleet of {@code gpus}, its pending work submitted and passed over twice. */
    public static IncrementalLoad prepare(String policy, int gpus, int pending, int tickEvery, long seed) {
        Fleet fleet = ScaleScenario.fleet(gpus);
        Clock clock = new Clock();
        Engine engine = new Engine(fleet, Policies.byName(policy), clock, new SplittableRandom(seed));
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < pending; i++) {
            engine.apply(new Event.Submitted("w" + i, ScaleScenario.workload(random, i)));
        }
        return new IncrementalLoad(engine, clock, random, pending, tickEvery);
    }

    /** The next event, applied; its decisions (placements join the running work that may finish later). */
    public List<Decision> step() {
        clock.now = clock.now.plusMillis(100);
        int e = events++;
        List<Decision> out;
        if (e % tickEvery == tickEvery - 1) {
            kindOfLast = TICK;
            out = engine.apply(new Event.Tick());
        } else if (e % 2 == 0 && !running.isEmpty()) {
            int k = random.nextInt(running.size());
            String id = running.get(k);
            running.set(k, running.get(running.size() - 1));
            running.remove(running.size() - 1);
            kindOfLast = FINISH;
            out = engine.apply(new Event.Finished(id));
        } else {
            kindOfLast = SUBMIT;
            String id = "w" + next;
            out = engine.apply(new Event.Submitted(id, ScaleScenario.workload(random, next++)));
        }
        for (Decision d : out) {
            if (d instanceof Decision.Place p) {
                running.add(p.id());
            }
        }
        return out;
    }

    /** {@link #TICK}, {@link #FINISH} or {@link #SUBMIT}: what the last {@link #step()} was. */
    int kindOfLast() {
        return kindOfLast;
    }

    /** Applies {@code count} events; returns the placements among their decisions. */
    public int run(int count) {
        int placed = 0;
        for (int i = 0; i < count; i++) {
            placed += placements(step());
        }
        return placed;
    }

    /** The placements among decisions. */
    static int placements(List<Decision> decisions) {
        int n = 0;
        for (Decision d : decisions) {
            n += d instanceof Decision.Place ? 1 : 0;
        }
        return n;
    }

    Engine engine() {
        return engine;
    }

    List<Decision> firstPass() {
        return firstPass;
    }

    double firstPassMillis() {
        return firstPassMillis;
    }

    double fullFleetPassMillis() {
        return fullFleetPassMillis;
    }
}
