package dev.quartermaster.fleet;

/** Names a pool across the fleet as {@code cluster/pool}; cluster names are unique in a fleet. */
public record PoolRef(String cluster, String pool) {

    public static final String FORMAT = "'cluster/pool', for example 'ai-cloud-eu-north/b200'";

    public PoolRef {
        Names.check("cluster", cluster);
        Names.check("pool", pool);
    }

    /** Parses {@code cluster/pool}; throws {@link InvalidFieldException} naming {@code field}. */
    public static PoolRef parse(String field, String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0 || !Names.isValid(text.substring(0, slash)) || !Names.isValid(text.substring(slash + 1))) {
            throw new InvalidFieldException(field, "must be " + FORMAT + ", not '" + text + "'");
        }
        return new PoolRef(text.substring(0, slash), text.substring(slash + 1));
    }

    /** Written out, as it is asked on every placement a simulation carries out; the same as a record's would be. */
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof PoolRef r && cluster.equals(r.cluster) && pool.equals(r.pool);
    }

    /** The hash a record of these two fields has, written out. */
    @Override
    public int hashCode() {
        return 31 * cluster.hashCode() + pool.hashCode();
    }

    @Override
    public String toString() {
        return cluster + "/" + pool;
    }
}
