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
    static String problem(String option, Path file) {
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

    /**
     * Whether every file can be written ({@code optionsAndFiles}: an option's name, then its file, and so on); prints
     * the first that cannot, as {@code command} says it, and returns false.
     */
    static boolean writable(PrintWriter err, String command, Object... optionsAndFiles) {
        for (int i = 0; i + 1 < optionsAndFiles.length; i += 2) {
            String problem = problem((String) optionsAndFiles[i], (Path) optionsAndFiles[i + 1]);
            if (problem != null) {
                err.println(command + ": " + problem);
                return false;
            }
        }
        return true;
    }
}
