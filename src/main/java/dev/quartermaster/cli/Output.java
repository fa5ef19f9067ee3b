package dev.quartermaster.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import picocli.CommandLine.Option;

/** The {@code --output} option every command that prints data has: a table for people, JSON for programs. */
final class Output {

    enum Format { TABLE, JSON }

    private static final ObjectMapper JSON = new ObjectMapper()
            .findAndRegisterModules()
            .enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            converter = FormatConverter.class,
            description = "table (for people, the default) or json (for programs)")
    Format format = Format.TABLE;

    boolean json() {
        return format == Format.JSON;
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
