package dev.quartermaster.catalog;

/**
 * One instance type of a price catalog in one region, as imported: prices are per GPU-hour (the instance's price
 * divided by its GPUs; on GCP the accelerator's price plus its host VM's), NaN where the catalog has none.
 *
 * @param accelerator the type as {@link Accelerators#family} groups it
 * @param memoryGiB per-GPU memory read from the row's GpuInfo, 0 when it says nothing usable
 */
public record CatalogRow(String cloud, String instanceType, String accelerator, int gpus, double pricePerGpuHour,
        double spotPricePerGpuHour, String region, int memoryGiB) {

    public boolean hasOnDemand() {
        return !Double.isNaN(pricePerGpuHour);
    }

    public boolean hasSpot() {
        return !Double.isNaN(spotPricePerGpuHour);
    }
}
