package dev.quartermaster.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A PostgreSQL left running by a server that was killed (kill -9 does not stop the database it started). Its pid is
 * the first line of {@code postmaster.pid} in the data directory; it is asked to shut down fast (SIGINT: roll back
 * open transactions, write a checkpoint) so that the new server can start its own on the same data.
 */
final class OrphanedPostgres {

    private OrphanedPostgres() {}

    static void stopIfRunning(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
        if (process.isEmpty()) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (process.get().isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the PostgreSQL left running by an earlier server (pid " + pid + ")");
        }
        if (process.get().isAlive()) {
            throw new IOException("the PostgreSQL left running by an earlier server (pid " + pid + ") did not stop within 60 s");
        }
    }
}
