package dev.quartermaster.sim.trace;

import dev.quartermaster.sim.ReadAheadSource;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the trace readers share: one arrival of look-ahead ({@link ReadAheadSource}), the counts of rows skipped and adjusted by reason, and
 * the strict/lenient handling of malformed rows. A subclass only says how to read the next arrival. The readers
 * return this type so that callers can see {@link #adjusted()} as well as {@link #skipped()}.
 */
public abstract class TraceSource extends ReadAheadSource {

    private final String file;
    private final boolean lenient;
    private final Map<String, Integer> skipped = new LinkedHashMap<>();
    private final Map<String, Integer> adjusted = new LinkedHashMap<>();

    TraceSource(String file, boolean lenient) {
        this.file = file;
        this.lenient = lenient;
    }

    @Override
    public final Map<String, Integer> skipped() {
        return Collections.unmodifiableMap(skipped);
    }

    /** Rows kept but changed to fit the model (for example GPUs rounded up to whole nodes), by what was done. */
    public final Map<String, Integer> adjusted() {
        return Collections.unmodifiableMap(adjusted);
    }

    /** A row left out on purpose (not work for this simulator), in strict and lenient mode alike. */
    final void skip(String reason) {
        skipped.merge(reason, 1, Integer::sum);
    }

    final void adjust(String what) {
        adjusted.merge(what, 1, Integer::sum);
    }

    /** A malformed row: strict mode stops here; lenient mode counts it as "malformed COLUMN" and reads on. */
    final void malformed(long line, BadValue bad) {
        if (!lenient) {
            throw new TraceFormatException(file, line, bad.getMessage());
        }
        skip("malformed " + bad.column());
    }

    final String file() {
        return file;
    }

    /** Seconds as a duration, to the millisecond. */
    static Duration seconds(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
