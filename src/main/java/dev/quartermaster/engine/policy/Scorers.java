package dev.quartermaster.engine.policy;

/** The standard scorers. */
public final class Scorers {

    private Scorers() {}

    /** Cheapest effective cost per unit of work: 100 at $0, 50 at $1, 25 at $3 per reference GPU-hour. */
    public static Scorer cost(ValueOfTime valueOfTime) {
        return new Scorer() {
            public String name() {
                return "cost";
            }

            public double score(Offer offer) {
                return MAX / (1 + EffectiveCost.of(offer, valueOfTime).total());
            }

            public double bound(int tierRank) {
                return MAX;   // at $0
            }
        };
    }

    /** The workload kind's preferred tier: 100 for the first, 50 for the second, 0 for the third. */
    public static final Scorer TIER = new Scorer() {
        public String name() {
            return "tier";
        }

        public double score(Offer offer) {
            return bound(offer.tierRank());
        }

        public double bound(int tierRank) {   // exact: the tier is all it reads
            return Math.max(0, MAX - 50 * tierRank);
        }
    };

    /** Packing: prefer the fullest node or block that holds the gang, so whole nodes and blocks stay free for gangs. */
    public static final Scorer FRAGMENTATION = new Scorer() {
        public String name() {
            return "fragmentation";
        }

        public double score(Offer offer) {
            return MAX * offer.fillAfter();
        }

        public double bound(int tierRank) {
            return MAX;
        }
    };

    /**
     * Heterogeneity-aware (Gavel's max-min fairness): the accelerator type the max-min allocation gives the workload
     * most of its time on scores 100, others in proportion.
     */
    public static final Scorer HETERO = new Scorer() {
        public String name() {
            return "hetero";
        }

        public double score(Offer offer) {
            return MAX * offer.allocationShare();
        }

        public double bound(int tierRank) {
            return MAX;
        }
    };

    /** Faster accelerators first: 100 x speed / (1 + speed), so 2.2x scores 69 and 1.0x scores 50. */
    public static final Scorer THROUGHPUT = new Scorer() {
        public String name() {
            return "throughput";
        }

        public double score(Offer offer) {
            return MAX * offer.speed() / (1 + offer.speed());
        }

        public double bound(int tierRank) {
            return MAX;
        }
    };
}
