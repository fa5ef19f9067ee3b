package dev.quartermaster.engine.archfixture;

import java.util.Random;

/** Breaks the architecture on purpose: an engine class that makes its own randomness. Used by ArchitectureTest. */
public final class UnseededRandomEngineClass {
    public int roll() {
        return new Random().nextInt(6);
    }
}
