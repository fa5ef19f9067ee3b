package dev.quartermaster.sim;

import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * When a simulation's scheduling cycles run: on a grid of simulated time, and only when something changed, as a
 * server's periodic cycle would come. A cycle that decided something asks for the next grid point too (a follow-up):
 * room its preemptions freed, or that the work it woke left over, is handed out then, not only at the next event.
 *
 * <p>A cycle is asked for only when none runs by then already, so each one asked for comes before all those still to
 * run: they run in the reverse order of asking, a stack (in practice of at most two, the next grid point and a
 * follow-up).
 */
final class CycleGrid {

    /**
     * Follow-up cycles in a row with no other event between them: at most an hour's worth of the default grid, so that
     * a fault in the engine that decided something every cycle would stall the run's work, not end the simulator's.
     */
    static final int MAX_FOLLOW_UPS = 60;

    private final long tickMillis;
    private final LongConsumer schedule;
    /** The times of the cycles asked for and still to run, the soonest last. */
    private long[] asked = new long[4];
    private int size;
    private int followUps;

    /** Cycles on a grid of {@code tickMillis}; {@code schedule} puts one in the simulation's queue at a time. */
    CycleGrid(long tickMillis, LongConsumer schedule) {
        if (tickMillis <= 0) {
            throw new IllegalArgumentException("the grid's tick must be positive, not " + tickMillis + " ms");
        }
        this.tickMillis = tickMillis;
        this.schedule = schedule;
    }

    /** Something changed at {@code now}: a cycle at the next grid point (now, when now is on it). */
    void changed(long now) {
        followUps = 0;
        askBy((now + tickMillis - 1) / tickMillis * tickMillis);
    }

    /** The cycle at {@code now} decided something: a follow-up at the next grid point, unless there were too many. */
    void decided(long now) {
        if (followUps < MAX_FOLLOW_UPS && askBy((now / tickMillis + 1) * tickMillis)) {
            followUps++;
        }
    }

    /** The cycle asked for at {@code now} runs: it is the soonest of those asked for. */
    void runs(long now) {
        if (size == 0 || asked[size - 1] != now) {
            throw new IllegalStateException("a cycle at " + now + " that was not the next one asked for");
        }
        size--;
    }

    /** Asks for a cycle at {@code at} unless one runs by then already; true when it asked. */
    private boolean askBy(long at) {
        if (size > 0 && asked[size - 1] <= at) {
            return false;
        }
        if (size == asked.length) {
            asked = Arrays.copyOf(asked, size * 2);
        }
        asked[size++] = at;
        schedule.accept(at);
        return true;
    }
}
