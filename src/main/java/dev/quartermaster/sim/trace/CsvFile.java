package dev.quartermaster.sim.trace;

import dev.quartermaster.format.Unreadable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A CSV trace read one line at a time. The traces we read have a header row, plain comma-separated fields and no
 * quoting (checked: none of the Philly or Alibaba files contains a quote character), so a line is split at every
 * comma. Blank lines (Philly's file ends with one) are not rows.
 */
final class CsvFile implements AutoCloseable {

    private final Path file;
    private final BufferedReader reader;
    private final Map<String, Integer> columns = new HashMap<>();
    private final int width;
    private long line = 1;

    private CsvFile(Path file, List<String> required) {
        this.file = file;
        try {
            this.reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            String header = reader.readLine();
            if (header == null) {
                throw new TraceFormatException(file.toString(), 1, "the file is empty; expected a header row");
            }
            String[] names = split(header);
            for (int i = 0; i < names.length; i++) {
                columns.put(names[i].trim(), i);
            }
            this.width = names.length;
        } catch (IOException e) {
            throw Unreadable.file(file, e);
        }
        for (String column : required) {
            if (!columns.containsKey(column)) {
                close();
                throw new TraceFormatException(file.toString(), 1, "no column '" + column + "' in the header; expected "
                        + String.join(",", required));
            }
        }
    }

    /** Opens a trace and checks that its header names every required column (any order, more are fine). */
    static CsvFile open(Path file, String... required) {
        return new CsvFile(file, List.of(required));
    }

    String file() {
        return file.toString();
    }

    /** The line of the row last returned (or of the header before the first). */
    long line() {
        return line;
    }

    /**
     * The next row, or null at the end of the file. A row whose field count differs from the header's throws
     * {@link BadValue}; {@link #line()} then says which line it was, and the next call reads on.
     */
    CsvRow next() {
        try {
            String text;
            do {
                text = reader.readLine();
                if (text == null) {
                    return null;
                }
                line++;
            } while (text.isBlank());
            String[] fields = split(text);
            if (fields.length != width) {
                throw new BadValue("row", "has " + fields.length + " fields, the header has " + width);
            }
            return new CsvRow(line, fields, columns);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " after line " + line, e);
        }
    }

    private static String[] split(String line) {
        return line.stripTrailing().split(",", -1);
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }

    /**
     * Whether a numeric column never decreases from row to row, read in one streaming pass. Rows whose value does not
     * parse are passed over here; the reader proper reports them.
     */
    static boolean isSortedBy(Path file, String column) {
        try (CsvFile csv = open(file, column)) {
            double previous = Double.NEGATIVE_INFINITY;
            while (true) {
                CsvRow row;
                try {
                    row = csv.next();
                } catch (BadValue e) {
                    continue;
                }
                if (row == null) {
                    return true;
                }
                try {
                    double value = row.number(column);
                    if (value < previous) {
                        return false;
                    }
                    previous = value;
                } catch (BadValue e) {
                    // not a number: reported when the row is read for real
                }
            }
        }
    }
}
