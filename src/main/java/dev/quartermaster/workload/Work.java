package dev.quartermaster.workload;

import static java.util.Objects.requireNonNull;

import dev.quartermaster.fleet.Bounds;
import dev.quartermaster.fleet.InvalidFieldException;
import dev.quartermaster.fleet.Names;
import java.time.Duration;

/** How much work a workload is: GPU-hours measured on one accelerator type, or a wall-clock estimate at speed 1.0. */
public sealed interface Work {

    Bounds GPU_HOURS = Bounds.decimals(0.001, 1_000_000_000);
    Duration LONGEST = Duration.ofDays(366);

    /** {@code gpuHours} GPU-hours when run on accelerator type {@code on}. */
    record GpuHours(double gpuHours, String on) implements Work {
        public GpuHours {
            GPU_HOURS.check("gpuHours", gpuHours);
            Names.check("on", on);
        }
    }

    /** A duration as people write it in documents: 90s, 45m, 72h, 400d. */
    static String format(Duration d) {
        long s = d.toSeconds();
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    /** Runs for {@code duration} on an accelerator of relative speed 1.0. */
    record Estimate(Duration duration) implements Work {
        public Estimate {
            requireNonNull(duration, "duration is null");
            if (duration.isNegative() || duration.isZero() || duration.compareTo(LONGEST) > 0) {
                throw new InvalidFieldException("duration", "must be more than 0 and at most 366d, not " + format(duration));
            }
        }
    }
}
