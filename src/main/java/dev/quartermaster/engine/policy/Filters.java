package dev.quartermaster.engine.policy;

import dev.quartermaster.fleet.Labels;
import dev.quartermaster.workload.DataClass;
import dev.quartermaster.workload.WorkloadChecks;
import java.util.List;

/** The standard filters, in the order their reasons are most useful to read. */
public final class Filters {

    private Filters() {}

    public static final Filter ACCELERATOR = new Filter() {
        public String name() {
            return "accelerator";
        }

        public String reject(Input in) {
            return in.workload().speedOn(in.accelerator().name()) > 0 ? null
                    : in.accelerator().name() + " is not among the workload's accelerators " + in.workload().accelerators().keySet();
        }
    };

    public static final Filter RUNTIME = new Filter() {
        public String name() {
            return "runtime";
        }

        public String reject(Input in) {
            var needed = in.workload().runtime();
            return needed == null || needed == in.accelerator().runtime() ? null
                    : in.accelerator().name() + " runs " + label(in.accelerator().runtime()) + ", the workload needs " + label(needed);
        }
    };

    public static final Filter DATA_CLASS = new Filter() {
        public String name() {
            return "data-class";
        }

        public String reject(Input in) {
            return in.workload().dataClass() != DataClass.RESTRICTED || in.site().provider().certifiedForRestrictedData() ? null
                    : "restricted data may not run at " + in.site().provider().name() + ", which is not certified for it";
        }
    };

    public static final Filter REGION = new Filter() {
        public String name() {
            return "region";
        }

        public String reject(Input in) {
            var regions = in.workload().regions();
            return regions.isEmpty() || regions.contains(in.site().cluster().region()) ? null
                    : "region " + in.site().cluster().region() + " is not among " + regions;
        }
    };

    public static final Filter QUOTA = new Filter() {
        public String name() {
            return "quota";
        }

        public String reject(Input in) {
            return in.team() != null && in.team().quotaFor(in.accelerator().name()).ceiling() > 0 ? null
                    : "team " + in.workload().team() + " has no " + in.accelerator().name() + " quota";
        }
    };

    public static final Filter SHAPE = new Filter() {
        public String name() {
            return "shape";
        }

        public String reject(Input in) {
            var w = in.workload();
            var pool = in.site().pool();
            if (w.gpusPerNode() > pool.gpusPerNode()) {
                return "nodes have " + pool.gpusPerNode() + " GPUs, the workload needs " + w.gpusPerNode() + " per node";
            }
            int domain = WorkloadChecks.domainGpus(pool, w);
            return domain >= w.gpus() ? null
                    : "its largest " + label(w.topology()) + " holds " + domain + " of the gang's " + w.gpus() + " GPUs";
        }
    };

    public static final Filter HEALTH = new Filter() {
        public String name() {
            return "health";
        }

        public String reject(Input in) {
            return in.clusterHealthy() ? null : "cluster " + in.site().cluster().name() + " is unhealthy";
        }

        public boolean isStatic() {
            return false;
        }
    };

    public static final List<Filter> STANDARD = List.of(ACCELERATOR, RUNTIME, DATA_CLASS, REGION, QUOTA, SHAPE, HEALTH);

    static String label(Enum<?> e) {
        return Labels.of(e);
    }
}
