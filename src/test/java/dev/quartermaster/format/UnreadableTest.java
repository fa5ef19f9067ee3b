package dev.quartermaster.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnreadableTest {

    @Test
    void saysWhyAFileCouldNotBeRead(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("missing.csv");
        assertThat(Unreadable.file(missing, new NoSuchFileException(missing.toString())).getMessage())
                .isEqualTo("cannot read " + missing + ": no such file");
        assertThat(Unreadable.file(dir, new IOException("Is a directory")).getMessage())
                .isEqualTo("cannot read " + dir + ": it is a folder");
        Path there = Files.writeString(dir.resolve("there.csv"), "a,b\n");
        assertThat(Unreadable.file(there, new IOException("Input/output error")).getMessage())
                .isEqualTo("cannot read " + there + ": Input/output error");
        assertThat(Unreadable.file(there, new IOException()).getCause()).isInstanceOf(IOException.class);
    }
}
