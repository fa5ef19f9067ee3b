package dev.quartermaster.catalog;

import dev.quartermaster.fleet.Tier;

/**
 * A pool the importer makes: the cheapest instance type of one accelerator type in one region of one cloud, bought
 * on demand or as spot, priced per GPU-hour.
 */
public record CatalogPool(String provider, Tier tier, String cluster, String region, String name, String accelerator,
        int gpusPerNode, double pricePerGpuHour, boolean spot, String instanceType) {}
