package dev.quartermaster.fleet;

/**
 * A team's GPUs of one accelerator type, in the model Kueue users know: {@code nominal} GPUs are the team's own;
 * it may borrow up to {@code borrowingLimit} more from its cohort, and lends at most {@code lendingLimit} of its
 * unused nominal GPUs to others. {@link #UNLIMITED} means no limit.
 */
public record Quota(int nominal, int borrowingLimit, int lendingLimit) {

    public static final int UNLIMITED = Integer.MAX_VALUE;
    public static final Bounds GPUS = Bounds.integers(0, 10_000_000);
    /** No GPUs of this type, none to borrow. */
    public static final Quota NONE = new Quota(0, 0, 0);

    public Quota {
        GPUS.check("nominal", nominal);
        if (borrowingLimit != UNLIMITED) {
            GPUS.check("borrowingLimit", borrowingLimit);
        }
        if (lendingLimit != UNLIMITED) {
            GPUS.check("lendingLimit", lendingLimit);
            if (lendingLimit > nominal) {
                throw new InvalidFieldException("lendingLimit", "must be at most nominal " + nominal + ", not " + lendingLimit);
            }
        }
    }

    public static Quota of(int nominal) {
        return new Quota(nominal, UNLIMITED, UNLIMITED);
    }

    /** The most GPUs the team may hold: nominal plus what it may borrow, saturating. */
    public int ceiling() {
        return borrowingLimit == UNLIMITED ? UNLIMITED : (int) Math.min(UNLIMITED, (long) nominal + borrowingLimit);
    }

    /** How many of {@code unused} nominal GPUs others may borrow. */
    public int lendable(int unused) {
        return Math.min(unused, lendingLimit);
    }
}
