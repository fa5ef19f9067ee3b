package dev.quartermaster.engine.archfixture;

import java.util.random.RandomGenerator;

/** Keeps the architecture: randomness comes in as a parameter. Used by ArchitectureTest. */
public final class SeededRandomEngineClass {
    public int roll(RandomGenerator random) {
        return random.nextInt(6);
    }
}
