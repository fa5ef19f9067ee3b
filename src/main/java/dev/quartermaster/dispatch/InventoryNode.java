package dev.quartermaster.dispatch;

/**
 * A node as its cluster manager reports it: its accelerator type, GPUs, GPUs in use ({@code -1} when the manager does
 * not say), and state.
 */
public record InventoryNode(String cluster, String name, String accelerator, int gpus, int usedGpus, String state) {}
