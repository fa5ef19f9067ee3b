package dev.quartermaster.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files a command will write, checked before its work starts: a path that cannot be written is refused at once
 * (exit 2, the option and the path named), not after a run of minutes.
 */
final class OutputFiles {

    private OutputFiles() {}

    /** Why {@code file}, given with {@code option}, cannot be written; null when it can (or was not given). */
    private static String problem(String option, Path file) {
        if (file == null) {
            return null;
        }
        Path folder = file.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder) || !Files.isWritable(folder)) {
            return option + " " + file + ": " + folder + " is not a folder this process may write in";
        }
        if (Files.isDirectory(file)) {
            return option + " " + file + " is a folder; name a file to write";
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            return option + " " + file + " exists and this process may not write it";
        }
        return null;
    }

    /** Whether {@code file}, given with {@code option}, can be written; prints why not, as {@code command} says it. */
    static boolean writable(PrintWriter err, String command, String option, Path file) {
        String problem = problem(option, file);
        if (problem != null) {
            err.println(command + ": " + problem);
        }
        return problem == null;
    }
}
