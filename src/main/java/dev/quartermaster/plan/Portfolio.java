package dev.quartermaster.plan;

import java.util.List;
import java.util.Map;

/**
 * What the planner chose: the commitments, the LP's estimate of the cost over the horizon (commitments whether used
 * or not, existing ones included, plus owned, on-demand and spot use) by kind of capacity and by tier, GPU-hours by provider and
 * by kind, the spot GPU-hours it expects to redo work lost to interruptions (included in the spot GPU-hours), and the
 * reference GPU-hours of demand it could not serve (0 for a feasible plan); the size of the model and how long ojAlgo
 * took to solve it.
 */
public record Portfolio(List<Choice> choices, double estimate, Map<String, Double> costByKind, Map<String, Double> costByTier,
        Map<String, Double> gpuHoursByProvider, Map<String, Double> gpuHoursByKind, double spotRedoneGpuHours, double unserved,
        String solverState, int variables, int constraints, double solveSeconds) {}
