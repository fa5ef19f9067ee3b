package dev.quartermaster.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * CPU samples of the measured stretch of a benchmark, taken by JDK Flight Recorder (a sample a millisecond of the
 * benchmark's thread while it runs Java code), kept in a file for {@code jfr} and summed up: the share of the samples
 * in each part of the engine's work, told apart by the frames on each sample's stack, and the methods most often on
 * top. Shares of samples hold steadier than times on a shared machine, whose speed changes from minute to minute.
 */
public final class Profile {

    /** A part of the work, its samples and their share of the thread's samples. */
    public record Share(String part, int samples, double percent) {}

    /** The file written, the thread's samples, their shares by part of the work and the methods most often on top. */
    public record Summary(String file, int samples, List<Share> parts, List<Share> onTop) {}

    /**
     * The parts of the engine's work, by the method that starts each: a sample counts for the first of these its stack
     * holds, read from the thread's start (so placing work behind a reservation counts as backfill, not as placing).
     */
    private static final Map<String, String> PARTS = parts(
            "dev.quartermaster.engine.Engine.submit", "submissions",
            "dev.quartermaster.engine.Engine.end", "ends of runs",
            "dev.quartermaster.engine.ParkedWork.wake", "cycle: waking parked work",
            "dev.quartermaster.engine.Preemptor.preemptFor", "cycle: preemption searches",
            "dev.quartermaster.engine.SchedulingCycle.backfill", "cycle: placing behind a reservation",
            "dev.quartermaster.engine.SchedulingCycle.nominate", "cycle: placing",
            "dev.quartermaster.engine.Reservation.reserve", "cycle: reserving for the first blocked",
            "dev.quartermaster.engine.SchedulingCycle.park", "cycle: parking");
    /** Where a sample in none of the {@link #PARTS} counts: the innermost of these its stack holds. */
    private static final Map<String, String> REST = parts(
            "dev.quartermaster.engine.SchedulingCycle.run", "cycle: the rest",
            "dev.quartermaster.engine.Engine.apply", "other events");
    private static final String OUTSIDE = "outside the engine";
    private static final int ON_TOP = 12;

    private final Recording recording;
    private final Path file;
    private final long thread;

    private Profile(Path file) {
        this.file = file;
        this.thread = Thread.currentThread().threadId();
        this.recording = new Recording();
        recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
        recording.setToDisk(true);
        recording.start();
    }

    /** Starts sampling; null (nothing sampled) when {@code file} is null. */
    static Profile start(Path file) {
        return file == null ? null : new Profile(file);
    }

    /** Stops sampling, writes the recording to the file and sums up the samples of the thread that started it. */
    Summary stop() {
        try (recording) {
            recording.stop();
            recording.dump(file);
            return summarize(RecordingFile.readAllEvents(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the profile " + file + ": " + e.getMessage(), e);
        }
    }

    private Summary summarize(List<RecordedEvent> events) {
        Map<String, Integer> byPart = new LinkedHashMap<>();
        Map<String, Integer> byTop = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : events) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null
                    || event.getThread("sampledThread") == null
                    || event.getThread("sampledThread").getJavaThreadId() != thread) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();   // the top first
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            byPart.merge(part(frames), 1, Integer::sum);
            byTop.merge(shortName(name(frames.get(0))), 1, Integer::sum);
        }
        return new Summary(file.toString(), samples, shares(byPart, samples, byPart.size()), shares(byTop, samples, ON_TOP));
    }

    /** The part of the work a stack is in: the first of {@link #PARTS} from the thread's start. */
    private static String part(List<RecordedFrame> frames) {
        String rest = OUTSIDE;
        for (int i = frames.size() - 1; i >= 0; i--) {
            String method = name(frames.get(i));
            String part = PARTS.get(method);
            if (part != null) {
                return part;
            }
            rest = REST.getOrDefault(method, rest);
        }
        return rest;
    }

    /** A frame's class and method; our classes without the package, a lambda's hidden class without its number. */
    private static String name(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        int lambda = type.indexOf("$$Lambda");
        if (lambda >= 0) {
            type = type.substring(0, lambda) + "$$Lambda";
        }
        return type + "." + frame.getMethod().getName();
    }

    private static String shortName(String method) {
        return method.startsWith("dev.quartermaster.") ? method.substring("dev.quartermaster.".length()) : method;
    }

    /** The counts, most first, at most {@code limit} of them, with their share of {@code samples}. */
    private static List<Share> shares(Map<String, Integer> counts, int samples, int limit) {
        List<Share> shares = new ArrayList<>();
        counts.forEach((part, n) -> shares.add(new Share(part, n, samples == 0 ? 0 : 100.0 * n / samples)));
        shares.sort(Comparator.comparingInt(Share::samples).reversed().thenComparing(Share::part));
        return List.copyOf(shares.subList(0, Math.min(limit, shares.size())));
    }

    private static Map<String, String> parts(String... methodAndPart) {
        Map<String, String> parts = new LinkedHashMap<>();
        for (int i = 0; i < methodAndPart.length; i += 2) {
            parts.put(methodAndPart[i], methodAndPart[i + 1]);
        }
        return Map.copyOf(parts);
    }
}
