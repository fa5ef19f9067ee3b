package dev.quartermaster.sim;

import java.util.NoSuchElementException;

/** A source that reads its arrivals one at a time, with one of look-ahead: a subclass only says how to read the next. */
public abstract class ReadAheadSource implements WorkloadSource {

    private Arrival ahead;
    private boolean ended;

    /** The next arrival, or null when there is none. */
    protected abstract Arrival read();

    @Override
    public final boolean hasNext() {
        if (ahead == null && !ended) {
            ahead = read();
            ended = ahead == null;
        }
        return ahead != null;
    }

    @Override
    public final Arrival next() {
        if (!hasNext()) {
            throw new NoSuchElementException(name() + " has no more arrivals");
        }
        Arrival next = ahead;
        ahead = null;
        return next;
    }
}
