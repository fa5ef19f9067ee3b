package dev.quartermaster.sim;

import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/** Workloads already in memory (documents, generated scenarios), in order of arrival. */
public final class ListSource implements WorkloadSource {

    private final String name;
    private final Iterator<Arrival> arrivals;

    public ListSource(String name, List<Arrival> arrivals) {
        this.name = name;
        this.arrivals = arrivals.stream().sorted(Comparator.comparing(Arrival::at)).toList().iterator();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean hasNext() {
        return arrivals.hasNext();
    }

    @Override
    public Arrival next() {
        return arrivals.next();
    }
}
