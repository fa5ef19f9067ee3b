package dev.quartermaster.engine.archfixture;

/** Breaks the architecture on purpose: an engine class that reads the wall clock. Used by ArchitectureTest. */
public final class ClockReadingEngineClass {
    public long now() {
        return System.currentTimeMillis();
    }
}
