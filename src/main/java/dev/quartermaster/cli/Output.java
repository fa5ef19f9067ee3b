package dev.quartermaster.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code --output} option every command that prints data has (a table for people, JSON for programs), and the
 * command's own output and error streams.
 */
final class Output {

    enum Format { TABLE, JSON }

    private static final ObjectMapper JSON = new ObjectMapper()
            .findAndRegisterModules()
            .enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            converter = FormatConverter.class,
            description = "table (for people, the default) or json (for programs)")
    Format format = Format.TABLE;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    boolean json() {
        return format == Format.JSON;
    }

    /** Where the command prints its answer. */
    PrintWriter out() {
        return command.commandLine().getOut();
    }

    /** Where the command prints progress, warnings and errors. */
    PrintWriter err() {
        return command.commandLine().getErr();
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return switch (value.toLowerCase()) {
                case "table" -> Format.TABLE;
                case "json" -> Format.JSON;
                default -> throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not an output format; use table or json");
            };
        }
    }
}
